/**
 * The L2 node's JSON-RPC methods, as a table from name to handler. Every parameter is checked
 * (addresses 20 bytes, hashes 32, quantities minimal hex, block tags from execution-apis'
 * `BlockNumberOrTag` plus EIP-1898 `{blockHash}` / `{blockNumber}`) and a bad one is a -32602
 * error naming it. Methods: the standard eth_* read/call/send set the issue lists, the witness
 * endpoints op-reth serves to fault-proof hosts (`debug_executionWitness`,
 * `debug_executePayload`; no `debug_dbGet`), and op-node's `optimism_outputAtBlock`,
 * `optimism_syncStatus` and `optimism_rollupConfig`.
 */
import {
  BaseError,
  bigIntToBytes,
  bytesToHex,
  type Hex,
  hexToBytes,
  keccak256,
  parseQuantity,
} from '@faultline/primitives';
import { parsePayloadAttributes } from '@faultline/protocol';
import type { L2Block } from './chain.js';
import { type L2Node, l1RefJson, l2RefJson } from './node.js';
import { blockToJson, type JsonObject, logIndexBase, qty, receiptToJson, transactionToJson } from './rpc-json.js';

export class RpcMethodError extends BaseError {
  override name = 'RpcMethodError' as const;
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Hex,
  ) {
    super(message);
  }
}

export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** geth's code for a reverted eth_call / eth_estimateGas. */
export const EXECUTION_REVERTED = 3;
/** A transaction the pool refuses (EIP-1474 "transaction rejected"). */
export const TRANSACTION_REJECTED = -32003;

const bad = (what: string) => new RpcMethodError(INVALID_PARAMS, `invalid params: ${what}`);

function param(params: unknown[], i: number, name: string, optional = false): unknown {
  const v = params[i];
  if (v === undefined && !optional) throw bad(`missing ${name} (param ${i + 1})`);
  return v;
}

function data(v: unknown, name: string, length?: number): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw bad(`${name}: expected 0x-prefixed hex bytes`);
  const b = hexToBytes(v);
  if (length !== undefined && b.length !== length) throw bad(`${name}: expected ${length} bytes, got ${b.length}`);
  return b;
}

function quantity(v: unknown, name: string): bigint {
  if (typeof v !== 'string' || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/.test(v))
    throw bad(`${name}: expected a hex quantity`);
  const n = parseQuantity(v, name);
  if (n >> 256n !== 0n) throw bad(`${name}: exceeds 256 bits`);
  return n;
}

function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw bad(`${name}: expected a boolean`);
  return v;
}

function address(v: unknown, name: string): string {
  return bytesToHex(data(v, name, 20));
}

/** A block by tag, number or EIP-1898 object; unknown blocks are `undefined` (→ null results). */
function block(node: L2Node, v: unknown, name = 'block'): L2Block | undefined {
  const chain = node.chain;
  if (v === undefined || v === 'latest' || v === 'pending') return chain.head;
  if (v === 'earliest') return chain.byNumber(0n);
  if (v === 'safe') return node.safeBlock();
  // The devnet's L1 never finalizes anything, so neither does the L2 (as optimism_syncStatus says).
  if (v === 'finalized') return chain.byNumber(0n);
  // geth's BlockNumberOrHash also takes a bare 32-byte block hash.
  if (typeof v === 'string' && v.length === 66) return chain.blockByHash(bytesToHex(data(v, name, 32)));
  if (typeof v === 'string') return chain.byNumber(quantity(v, name));
  if (typeof v === 'object' && v !== null) {
    const o = v as JsonObject;
    if (o.blockHash !== undefined) return chain.blockByHash(bytesToHex(data(o.blockHash, `${name}.blockHash`, 32)));
    if (o.blockNumber !== undefined) return block(node, o.blockNumber, `${name}.blockNumber`);
  }
  throw bad(`${name}: expected a block number, tag or {blockHash}`);
}

function mustBlock(node: L2Node, v: unknown): L2Block {
  const b = block(node, v);
  if (!b) throw new RpcMethodError(-32001, 'header not found');
  return b;
}

function callRequest(v: unknown) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('transaction: expected an object');
  const o = v as JsonObject;
  const input = o.input ?? o.data;
  return {
    from: o.from === undefined || o.from === null ? bytesToHex(new Uint8Array(20)) : address(o.from, 'from'),
    to: o.to === undefined || o.to === null ? undefined : address(o.to, 'to'),
    gas: o.gas === undefined || o.gas === null ? undefined : quantity(o.gas, 'gas'),
    value: o.value === undefined || o.value === null ? 0n : quantity(o.value, 'value'),
    data:
      input === undefined || input === null ? new Uint8Array(0) : data(input, o.input !== undefined ? 'input' : 'data'),
  };
}

/** Default gas of a call without one (EIP-7825's per-transaction cap). */
const MAX_CALL_GAS = 1n << 24n;
/** geth's default --rpc.gascap: no call runs with more, whatever it asks for. */
const RPC_GAS_CAP = 50_000_000n;
const capped = (gas: bigint | undefined) => (gas === undefined ? MAX_CALL_GAS : gas > RPC_GAS_CAP ? RPC_GAS_CAP : gas);

function reverted(output: Uint8Array, error: string | undefined): RpcMethodError {
  return new RpcMethodError(
    EXECUTION_REVERTED,
    output.length > 0 || !error ? 'execution reverted' : error,
    output.length > 0 ? bytesToHex(output) : undefined,
  );
}

export type RpcHandler = (node: L2Node, params: unknown[]) => unknown;

export const RPC_METHODS: Record<string, RpcHandler> = {
  web3_clientVersion: () => 'faultline-devnet/0.1.0',
  net_version: (n) => n.rollup.l2ChainId.toString(),
  eth_chainId: (n) => qty(n.rollup.l2ChainId),
  eth_blockNumber: (n) => qty(n.chain.head.header.number),
  eth_gasPrice: (n) => qty((n.chain.head.header.baseFeePerGas ?? 0n) + 1000n),
  eth_maxPriorityFeePerGas: () => qty(1000n),
  eth_syncing: () => false,

  eth_getBlockByNumber: (n, p) => {
    const b = block(n, param(p, 0, 'block'));
    const full = bool(param(p, 1, 'full'), 'full');
    return b ? blockToJson(b, full) : null;
  },
  eth_getBlockByHash: (n, p) => {
    const hash = data(param(p, 0, 'hash'), 'hash', 32);
    const full = bool(param(p, 1, 'full'), 'full');
    const b = n.chain.blockByHash(hash);
    return b ? blockToJson(b, full) : null;
  },
  eth_getBlockTransactionCountByNumber: (n, p) => {
    const b = block(n, param(p, 0, 'block'));
    return b ? qty(b.transactions.length) : null;
  },
  eth_getTransactionByHash: (n, p) => {
    const hash = bytesToHex(data(param(p, 0, 'hash'), 'hash', 32));
    const at = n.chain.transaction(hash);
    return at ? transactionToJson(at.block.transactions[at.index]!, at) : null;
  },
  eth_getTransactionReceipt: (n, p) => {
    const hash = bytesToHex(data(param(p, 0, 'hash'), 'hash', 32));
    const at = n.chain.transaction(hash);
    return at ? receiptToJson(at, logIndexBase(at.block, at.index)) : null;
  },
  eth_getBlockReceipts: (n, p) => {
    const b = block(n, param(p, 0, 'block'));
    if (!b) return null;
    let base = 0;
    return b.receipts.map((r, index) => {
      const json = receiptToJson({ block: b, index }, base);
      base += r.logs.length;
      return json;
    });
  },
  eth_getBalance: (n, p) => {
    const a = address(param(p, 0, 'address'), 'address');
    return qty(n.chain.stateAt(mustBlock(n, p[1])).getAccount(a)?.balance ?? 0n);
  },
  eth_getTransactionCount: (n, p) => {
    const a = address(param(p, 0, 'address'), 'address');
    return qty(n.chain.stateAt(mustBlock(n, p[1])).getAccount(a)?.nonce ?? 0n);
  },
  eth_getCode: (n, p) => {
    const a = address(param(p, 0, 'address'), 'address');
    const state = n.chain.stateAt(mustBlock(n, p[1]));
    const acct = state.getAccount(a);
    return acct ? bytesToHex(state.getCode(acct.codeHash)) : '0x';
  },
  eth_getStorageAt: (n, p) => {
    const a = address(param(p, 0, 'address'), 'address');
    const slot = quantity(param(p, 1, 'slot'), 'slot');
    return bytesToHex(bigIntToBytes(n.chain.stateAt(mustBlock(n, p[2])).getStorage(a, slot), 32));
  },
  eth_getProof: (n, p) => {
    const a = address(param(p, 0, 'address'), 'address');
    const slotsParam = param(p, 1, 'storageKeys');
    if (!Array.isArray(slotsParam)) throw bad('storageKeys: expected an array');
    // EIP-1186 keys are 32-byte data; minimal quantities are accepted too, as geth does.
    const slots = slotsParam.map((s, i) => {
      const name = `storageKeys[${i}]`;
      return typeof s === 'string' && s.length === 66 ? data(s, name, 32) : bigIntToBytes(quantity(s, name), 32);
    });
    const state = n.chain.stateAt(mustBlock(n, p[2]));
    const acct = state.getAccount(a);
    return {
      address: a,
      accountProof: state.proveAccount(a).map(bytesToHex),
      balance: qty(acct?.balance ?? 0n),
      codeHash: bytesToHex(acct?.codeHash ?? keccak256(new Uint8Array(0))),
      nonce: qty(acct?.nonce ?? 0n),
      storageHash: bytesToHex(state.getStorageRoot(a)),
      storageProof: slots.map((key) => {
        const slot = BigInt(bytesToHex(key));
        return {
          key: bytesToHex(key),
          value: qty(state.getStorage(a, slot)),
          proof: state.proveStorage(a, slot).map(bytesToHex),
        };
      }),
    };
  },
  eth_call: (n, p) => {
    const req = callRequest(param(p, 0, 'transaction'));
    const b = mustBlock(n, p[1]);
    const result = n.call(b, { ...req, gas: capped(req.gas) });
    if (!result.success) throw reverted(result.output, result.error);
    return bytesToHex(result.output);
  },
  eth_estimateGas: (n, p) => {
    const req = callRequest(param(p, 0, 'transaction'));
    const b = mustBlock(n, p[1]);
    const r = n.estimateGas(b, req, capped(req.gas));
    if ('failure' in r) throw reverted(r.failure.output, r.failure.error);
    return qty(r.gas);
  },
  eth_sendRawTransaction: (n, p) => {
    const raw = data(param(p, 0, 'transaction'), 'transaction');
    try {
      return n.sequencer.submit(raw);
    } catch (e) {
      throw new RpcMethodError(TRANSACTION_REJECTED, (e as Error).message);
    }
  },

  debug_executionWitness: (n, p) => {
    const b = mustBlock(n, param(p, 0, 'block'));
    if (b.header.number === 0n) throw bad('block: genesis has no execution');
    return n.chain.blockWitness(b.header.number);
  },
  debug_executePayload: (n, p) => {
    const parent = data(param(p, 0, 'parentHash'), 'parentHash', 32);
    const attrsJson = param(p, 1, 'payloadAttributes');
    if (typeof attrsJson !== 'object' || attrsJson === null) throw bad('payloadAttributes: expected an object');
    let attrs: ReturnType<typeof parsePayloadAttributes>;
    try {
      attrs = parsePayloadAttributes(attrsJson as JsonObject);
    } catch (e) {
      throw bad((e as Error).message);
    }
    if (!n.chain.blockByHash(parent)) throw new RpcMethodError(-32001, `unknown parent block ${bytesToHex(parent)}`);
    // A caller's attributes are executed here: keep the work bounded by what this chain allows.
    const cap = 2n * n.chain.head.header.gasLimit;
    if (attrs.gasLimit > cap) throw bad(`payloadAttributes.gasLimit: ${attrs.gasLimit} above ${cap}`);
    try {
      return n.chain.witness(parent, attrs);
    } catch (e) {
      // Attributes that cannot be built on that parent are the caller's error, said in one line.
      throw bad(`payloadAttributes: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`);
    }
  },

  optimism_outputAtBlock: (n, p) => {
    const b = mustBlock(n, param(p, 0, 'blockNumber'));
    return {
      version: bytesToHex(new Uint8Array(32)),
      outputRoot: bytesToHex(b.outputRoot),
      blockRef: l2RefJson(b),
      withdrawalStorageRoot: bytesToHex(b.messagePasserStorageRoot),
      stateRoot: bytesToHex(b.header.stateRoot),
      syncStatus: syncStatus(n),
    };
  },
  optimism_syncStatus: (n) => syncStatus(n),
  optimism_rollupConfig: (n) => n.rollupJson,
};

function syncStatus(n: L2Node): JsonObject {
  const head = l2RefJson(n.chain.head);
  const safe = l2RefJson(n.safeBlock());
  return {
    current_l1: l1RefJson(n.l1Head),
    current_l1_finalized: l1RefJson(undefined),
    head_l1: l1RefJson(n.l1Head),
    safe_l1: l1RefJson(n.safeL1),
    finalized_l1: l1RefJson(undefined),
    unsafe_l2: head,
    safe_l2: safe,
    finalized_l2: l2RefJson(n.chain.byNumber(0n)!),
    pending_safe_l2: safe,
    cross_unsafe_l2: head,
    local_safe_l2: safe,
  };
}
