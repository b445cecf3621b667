/**
 * Functions an embedding engine may provide natively. The client runs under Node (V8) and, as
 * the fault-proof program, under QuickJS inside the MIPS VM, where every JavaScript instruction
 * costs hundreds of VM steps: there the C runtime (`packages/client-elf/runtime`) defines
 * `globalThis.faultlineNative` before the bundle runs, and the hot primitives — keccak-256,
 * sha-256, secp256k1 recovery — go through it (66 K VM steps per keccak instead of 5.4 M in
 * JavaScript; client-elf-notes.md). Under Node the global is absent and the WASM/JS paths run.
 */

export interface NativeFunctions {
  keccak256?: (data: Uint8Array) => Uint8Array;
  sha256?: (data: Uint8Array) => Uint8Array;
  /**
   * secp256k1 public-key recovery: `sig` is r ‖ s (64 bytes, big-endian), `recid` 0 or 1.
   * Returns the 65-byte uncompressed key (0x04 ‖ x ‖ y), or `null` when nothing recovers.
   */
  secp256k1Recover?: (hash: Uint8Array, sig: Uint8Array, recid: number) => Uint8Array | null;
  /** EIP-4844 `blob_to_kzg_commitment` (48 bytes); throws on a non-canonical field element. */
  blobToKzgCommitment?: (blob: Uint8Array) => Uint8Array;
  /** Exactly `n` bytes from `fd`, or `null` when the other end closed first. */
  readExact?: (fd: number, n: number) => Uint8Array | null;
  /** Writes every byte to `fd`; false when the other end is gone. */
  writeAll?: (fd: number, data: Uint8Array) => boolean;
  /** One line (a newline is added) to stderr. */
  log?: (line: string) => void;
}

/** The engine's native functions, or an empty table when there are none (Node). */
export const NATIVE: Readonly<NativeFunctions> =
  (globalThis as { faultlineNative?: NativeFunctions }).faultlineNative ?? {};
