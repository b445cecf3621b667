/**
 * The pre-image oracle as the VM sees it: a synchronous `getPreimage(key)` and `hint(bytes)`.
 * Tests use the in-memory implementation; the runner plugs in a host process over pipes
 * (`host-process.ts`). Key constructors follow the op-preimage key types (notes §a).
 */
import { BaseError, bytesToHex, keccak256, sha256, u64ToBytes } from '@faultline/primitives';

export interface PreimageOracle {
  /** The pre-image for a 32-byte typed key (without the length prefix). */
  getPreimage(key: Uint8Array): Uint8Array;
  /** A complete hint (without its 4-byte length prefix). */
  hint(hint: Uint8Array): void;
}

export const KEY_TYPE = { LOCAL: 1, KECCAK256: 2, GLOBAL_GENERIC: 3, SHA256: 4, BLOB: 5, PRECOMPILE: 6 } as const;

/** `0x01 ++ 23 zero bytes ++ u64be(index)` (op-program `LocalIndexKey`). */
export function localKey(index: number | bigint): Uint8Array {
  const k = new Uint8Array(32);
  k.set(u64ToBytes(BigInt(index)), 24);
  k[0] = KEY_TYPE.LOCAL;
  return k;
}

/** keccak256(data) with byte 0 := 2. */
export function keccakKey(data: Uint8Array): Uint8Array {
  const k = keccak256(data);
  k[0] = KEY_TYPE.KECCAK256;
  return k;
}

/** sha256(data) with byte 0 := 4. */
export function sha256Key(data: Uint8Array): Uint8Array {
  const k = sha256(data);
  k[0] = KEY_TYPE.SHA256;
  return k;
}

export class MissingPreimageError extends BaseError {
  override name = 'MissingPreimageError' as const;
}

/** A map-backed oracle that records the hints it receives. */
export class InMemoryOracle implements PreimageOracle {
  private readonly data = new Map<string, Uint8Array>();
  readonly hints: Uint8Array[] = [];

  set(key: Uint8Array, value: Uint8Array): this {
    this.data.set(bytesToHex(key), value);
    return this;
  }

  /** Stores `value` under its keccak key and returns the key. */
  putKeccak(value: Uint8Array): Uint8Array {
    const k = keccakKey(value);
    this.set(k, value);
    return k;
  }

  getPreimage(key: Uint8Array): Uint8Array {
    const v = this.data.get(bytesToHex(key));
    if (!v) throw new MissingPreimageError(`missing pre-image for key ${bytesToHex(key)}`);
    return v;
  }

  hint(hint: Uint8Array): void {
    this.hints.push(hint.slice());
  }
}
