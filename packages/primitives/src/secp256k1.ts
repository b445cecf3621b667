/**
 * secp256k1 public-key recovery (SEC 1 §4.1.6) for transaction senders, EIP-7702 authorities and
 * the ECRECOVER precompile — the one place all three go through, so the engine's native
 * recovery (libsecp256k1 in client.elf's runtime: 2.8 M VM steps instead of noble's 55 M), the
 * WebAssembly one (secp256k1-recover-wasm.ts, where the engine has WebAssembly) or the BigInt one
 * (secp256k1-recover.ts) — all with noble's answers, faster — serves all of them. Range rules
 * (r, s in [1, n-1], low s) belong to the callers: each has its own (EIP-2 for transactions,
 * none for the precompile).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { NATIVE } from './native.js';
import { recoverPublicKeyFast } from './secp256k1-recover.js';
import { recoverPublicKeyWasm, SECP256K1_WASM_AVAILABLE } from './secp256k1-recover-wasm.js';

/** The group order n. */
export const SECP256K1_ORDER: bigint = secp256k1.Point.Fn.ORDER;

function word(v: bigint, out: Uint8Array, off: number): void {
  let x = v;
  for (let i = 31; i >= 0; i--) {
    out[off + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

function recoverNative(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  const sig = new Uint8Array(64);
  word(r, sig, 0);
  word(s, sig, 32);
  return NATIVE.secp256k1Recover!(hash, sig, recid) ?? undefined;
}

// The engine's own (client.elf's runtime), else WebAssembly (V8), else BigInt.
const recover =
  NATIVE.secp256k1Recover !== undefined
    ? recoverNative
    : SECP256K1_WASM_AVAILABLE
      ? recoverPublicKeyWasm
      : recoverPublicKeyFast;

/**
 * Answers already computed in this process, keyed by (recid, r, s, hash). Recovery is a pure
 * function, so a hit is exact; the 19 kona-exec fixture blocks ask 858 recoveries (senders and
 * ECRECOVER calls) of which 240 repeat an earlier one exactly. Bounded so a long run cannot grow it without end.
 */
const memo = new Map<string, Uint8Array | null>();
const MEMO_LIMIT = 4096;

/**
 * The 65-byte uncompressed public key (0x04 ‖ x ‖ y) that signed the 32-byte `hash` with
 * (r, s, recid), or `undefined` when the signature recovers no key. r and s must already be in
 * [1, n-1] and recid 0 or 1.
 */
export function recoverPublicKey(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  let key = `${recid}${r.toString(16)}:${s.toString(16)}:`;
  for (let i = 0; i < hash.length; i++) key += String.fromCharCode(hash[i] as number);
  const cached = memo.get(key);
  if (cached !== undefined) return cached === null ? undefined : cached.slice();
  const pub = recover(hash, r, s, recid);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, pub === undefined ? null : pub.slice());
  return pub;
}
