/**
 * A minimal JSON-RPC 2.0 client over HTTP (global `fetch`). Only standard methods are called
 * by the prefetcher; errors name the endpoint, method and the node's message so a failing
 * fetch is diagnosable from one line.
 */
import { BaseError } from '@faultline/primitives';

export class RpcError extends BaseError {
  override name = 'RpcError' as const;
  constructor(
    readonly endpoint: string,
    readonly method: string,
    message: string,
    readonly code?: number,
  ) {
    super(`${endpoint} ${method}: ${message}`);
  }
}

/** Methods a node may not implement; the caller falls back instead of failing. */
export const METHOD_NOT_FOUND = -32601;

/**
 * Whether a failed call means "this node has no such method": JSON-RPC's -32601, or a message
 * that says so about a method (some proxies answer -32600/-32602 or HTTP errors with the words).
 * A bare "not found" is not enough: geth's `debug_dbGet` says "not found" for a missing key.
 */
export function isMissingMethod(e: unknown): boolean {
  if ((e as { code?: number }).code === METHOD_NOT_FOUND) return true;
  const message = String((e as { message?: string }).message ?? e);
  return /method\b.*\b(not found|does not exist|not supported|unsupported|not available)|unknown method|unsupported method/i.test(
    message,
  );
}

export class RpcClient {
  private id = 0;
  constructor(
    readonly url: string,
    readonly label: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async call<T>(method: string, params: unknown[]): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new RpcError(this.label, method, `request failed: ${(e as Error).message}`);
    }
    const text = await res.text();
    let body: { result?: T; error?: { code: number; message: string } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new RpcError(this.label, method, `HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`);
    }
    if (body.error) throw new RpcError(this.label, method, body.error.message, body.error.code);
    if (!('result' in body)) throw new RpcError(this.label, method, 'response has neither result nor error');
    return body.result as T;
  }
}
