/**
 * The pre-image oracle as the VM sees it: a synchronous `getPreimage(key)` and `hint(bytes)`.
 * Tests use the in-memory implementation; the runner plugs in a host process over pipes
 * (`host-process.ts`). Keys are built with `@faultline/preimage` (`localKey`, `keccakKeyOf`, …).
 */
import { keccakKeyOf } from '@faultline/preimage';
import { BaseError, bytesToHex } from '@faultline/primitives';

export interface PreimageOracle {
  /** The pre-image for a 32-byte typed key (without the length prefix). */
  getPreimage(key: Uint8Array): Uint8Array;
  /** A complete hint (without its 4-byte length prefix). */
  hint(hint: Uint8Array): void;
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
    const k = keccakKeyOf(value);
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
