/** Strict readers for JSON-RPC objects: each failure names the field path. */
import { BaseError, hexToBytes, parseQuantity } from '@faultline/primitives';

export type Json = Record<string, unknown>;

export class RpcShapeError extends BaseError {
  override name = 'RpcShapeError' as const;
}

export function q(obj: Json, key: string, path: string): bigint {
  const v = obj[key];
  if (typeof v !== 'string' && typeof v !== 'number') throw new RpcShapeError(`${path}.${key}: expected a quantity`);
  return parseQuantity(v, `${path}.${key}`);
}

export function optQ(obj: Json, key: string, path: string): bigint | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : q(obj, key, path);
}

export function b(obj: Json, key: string, path: string, length?: number): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string') throw new RpcShapeError(`${path}.${key}: expected hex data`);
  return hexToBytes(v, length);
}

export function arr(obj: Json, key: string, path: string): Json[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw new RpcShapeError(`${path}.${key}: expected an array`);
  return v as Json[];
}
