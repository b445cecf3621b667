import { describe, expect, it } from 'vitest';
import { isMissingMethod, METHOD_NOT_FOUND, RpcError } from './rpc-client.js';

describe('isMissingMethod', () => {
  it.each([
    ['JSON-RPC -32601', new RpcError('L2', 'debug_dbGet', 'whatever the text', METHOD_NOT_FOUND)],
    ['geth', new RpcError('L2', 'debug_dbGet', 'the method debug_dbGet does not exist/is not available', -32600)],
    ['reth', new RpcError('L2', 'debug_executePayload', 'Method not found', -32000)],
    ['a proxy', new Error('unsupported method: debug_codeByHash')],
  ])('%s: the node has no such method', (_who, e) => {
    expect(isMissingMethod(e)).toBe(true);
  });

  it.each([
    ['a missing key (geth debug_dbGet)', new RpcError('L2', 'debug_dbGet', 'leveldb: not found', -32000)],
    ['a missing block', new RpcError('L2', 'eth_getProof', 'header not found', -32000)],
    ['a transport failure', new RpcError('L2', 'eth_getProof', 'request failed: fetch failed')],
  ])('%s is not a missing method', (_what, e) => {
    expect(isMissingMethod(e)).toBe(false);
  });
});
