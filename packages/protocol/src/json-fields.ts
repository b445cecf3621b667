/**
 * Small typed readers for configuration JSON (op-node rollup.json, op-geth genesis config, kona
 * serde configs): each names the JSON path in its error, accepts numbers, decimal strings and
 * 0x-hex quantities, and treats `null` as absent, as those formats do.
 */
import { hexToBytes, padLeft, parseQuantity } from '@faultline/primitives';
import { ConfigError } from './errors.js';

export type Json = Record<string, unknown>;

export function isPresent(obj: Json, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}

export function optQuantity(obj: Json, key: string, path: string): bigint | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' && typeof v !== 'string') throw new ConfigError(`${path}${key}: expected a number`);
  try {
    return parseQuantity(v, `${path}${key}`);
  } catch (cause) {
    throw new ConfigError(`${path}${key}: ${(cause as Error).message}`, { cause });
  }
}

export function quantity(obj: Json, key: string, path: string): bigint {
  const v = optQuantity(obj, key, path);
  if (v === undefined) throw new ConfigError(`${path}${key}: missing`);
  return v;
}

export function bytesField(obj: Json, key: string, path: string, length?: number): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string') throw new ConfigError(`${path}${key}: expected a hex string`);
  try {
    return hexToBytes(v, length);
  } catch (cause) {
    throw new ConfigError(`${path}${key}: ${(cause as Error).message}`, { cause });
  }
}

/** A 32-byte word written as a quantity of any width ("0xbc" or 64 hex digits). */
export function word(obj: Json, key: string, path: string): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string') throw new ConfigError(`${path}${key}: expected a hex string`);
  const hex = v.length % 2 ? `0x0${v.slice(2)}` : v;
  const b = bytesField({ [key]: hex }, key, path);
  if (b.length > 32) throw new ConfigError(`${path}${key}: expected at most 32 bytes, got ${b.length}`);
  return padLeft(b, 32);
}

export function object(obj: Json, key: string, path: string): Json {
  const v = obj[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConfigError(`${path}${key}: expected an object`);
  return v as Json;
}

export function firstKey(obj: Json, keys: readonly string[]): string | undefined {
  return keys.find((k) => isPresent(obj, k));
}
