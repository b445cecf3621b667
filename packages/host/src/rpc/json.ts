/** Strict readers for JSON-RPC objects: each failure names the field path. */
import { BaseError, hexToBytes, parseQuantity } from '@faultline/primitives';

export type Json = Record<string, unknown>;

export class RpcShapeError extends BaseError {
  override name = 'RpcShapeError' as const;
}

/** `obj[key]`, where `obj` must be an object (a node may answer `null` where an object belongs). */
function field(obj: Json, key: string, path: string): unknown {
  if (typeof obj !== 'object' || obj === null)
    throw new RpcShapeError(`${path}: expected an object, got ${obj === null ? 'null' : typeof obj}`);
  return obj[key];
}

/**
 * A primitives boundary error (bad hex, wrong size, out of range) as a shape error; `what` names
 * the field unless the message already does.
 */
function named<T>(what: string | undefined, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof BaseError)) throw e;
    throw new RpcShapeError(what === undefined ? e.shortMessage : `${what}: ${e.shortMessage}`, { cause: e });
  }
}

export function q(obj: Json, key: string, path: string): bigint {
  const v = field(obj, key, path);
  if (typeof v !== 'string' && typeof v !== 'number') throw new RpcShapeError(`${path}.${key}: expected a quantity`);
  return named(undefined, () => parseQuantity(v, `${path}.${key}`));
}

export function optQ(obj: Json, key: string, path: string): bigint | undefined {
  const v = field(obj, key, path);
  return v === undefined || v === null ? undefined : q(obj, key, path);
}

export function b(obj: Json, key: string, path: string, length?: number): Uint8Array {
  const v = field(obj, key, path);
  if (typeof v !== 'string') throw new RpcShapeError(`${path}.${key}: expected hex data`);
  return named(`${path}.${key}`, () => hexToBytes(v, length));
}

export function arr(obj: Json, key: string, path: string): Json[] {
  const v = field(obj, key, path);
  if (!Array.isArray(v)) throw new RpcShapeError(`${path}.${key}: expected an array`);
  return v as Json[];
}
