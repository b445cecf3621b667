/**
 * JSON-RPC 2.0 over HTTP for the L2 node (node:http), bound to 127.0.0.1 unless told otherwise.
 * Everything a client sends is checked before it reaches a method: POST only, a JSON body of at
 * most 5 MiB, a request object (or a batch of at most 100) with `jsonrpc: "2.0"`, a string method
 * and array params; errors use the spec's codes (-32700 parse, -32600 invalid request, -32601
 * unknown method, -32602 invalid params, -32603 internal) and never carry a stack. Methods run
 * synchronously on the node, one request at a time, so a block is never half-built when read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { L2Node } from './node.js';
import { INTERNAL_ERROR, RPC_METHODS, RpcMethodError } from './rpc-methods.js';

const MAX_BODY = 5 * 1024 * 1024;
const MAX_BATCH = 100;

type Id = string | number | null;
interface RpcResponse {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

const failure = (id: Id, code: number, message: string, data?: unknown): RpcResponse => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

/** Answers one request object (already parsed JSON). */
export function handleRpc(node: L2Node, request: unknown): RpcResponse {
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return failure(null, -32600, 'invalid request: expected an object');
  const r = request as Record<string, unknown>;
  const id: Id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
  if (r.jsonrpc !== '2.0') return failure(id, -32600, 'invalid request: jsonrpc must be "2.0"');
  if (typeof r.method !== 'string') return failure(id, -32600, 'invalid request: method must be a string');
  if (r.params !== undefined && !Array.isArray(r.params))
    return failure(id, -32602, 'invalid params: params must be an array');
  const handler = Object.hasOwn(RPC_METHODS, r.method) ? RPC_METHODS[r.method] : undefined;
  if (!handler) return failure(id, -32601, `the method ${r.method} does not exist/is not available`);
  try {
    return { jsonrpc: '2.0', id, result: handler(node, (r.params as unknown[]) ?? []) };
  } catch (e) {
    if (e instanceof RpcMethodError) return failure(id, e.code, e.message, e.data);
    return failure(id, INTERNAL_ERROR, `internal error: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Answers a body: one request or a batch. */
export function handleBody(node: L2Node, body: string): RpcResponse | RpcResponse[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return failure(null, -32700, 'parse error: body is not JSON');
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return failure(null, -32600, 'invalid request: empty batch');
    if (parsed.length > MAX_BATCH) return failure(null, -32600, `invalid request: batch above ${MAX_BATCH}`);
    return parsed.map((p) => handleRpc(node, p));
  }
  return handleRpc(node, parsed);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface RpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startRpcServer(node: L2Node, port = 0, host = '127.0.0.1'): Promise<RpcServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      send(res, 405, failure(null, -32600, 'invalid request: use POST'));
      return;
    }
    readBody(req).then(
      (body) => {
        if (body === undefined) send(res, 413, failure(null, -32600, `invalid request: body above ${MAX_BODY} bytes`));
        else send(res, 200, handleBody(node, body));
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(`L2 RPC: cannot listen on ${host}:${port} (${e.code ?? e.message})`)),
    );
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
