/**
 * KECCAK256 of short memory ranges, remembered. Solidity finds a mapping entry by hashing 64
 * bytes (key ‖ slot), and a contract touches the same entries again and again — a balance is
 * read by a check and then written, an allowance read and decreased — so the same 64 bytes are
 * hashed several times per transaction (erc20.approval-transfer: 15k hashes per call, few
 * distinct). A hit costs sixteen 32-bit loads and compares instead of a permutation and a
 * 256-bit word built from its output.
 *
 * Exact by construction: an entry is used only when its length and every input byte equal the
 * bytes being hashed (the digest is a pure function of them); a miss hashes as before and
 * replaces the entry in its direct-mapped slot.
 */
import { keccakWord, type Word } from './words.js';

/** Inputs up to this many bytes are remembered (two words: key and slot). */
export const MEMO_MAX_LEN = 64;
const SLOTS = 512;
const lens = new Int32Array(SLOTS).fill(-1);
const inputs = new Int32Array(SLOTS * 16);
const digests: Word[] = new Array<Word>(SLOTS).fill(0n).fill(0);
/** Scratch for the input, zero beyond `len`, so every entry compares as sixteen int32s. */
const scratch = new Int32Array(16);
const scratchBytes = new Uint8Array(scratch.buffer);

/** keccak-256 of `buf[off..off+len)` as a word; `len` ≤ MEMO_MAX_LEN. */
export function keccakWordMemo(buf: Uint8Array, off: number, len: number): Word {
  for (let i = 0; i < len; i++) scratchBytes[i] = buf[off + i]!;
  for (let i = len; i < MEMO_MAX_LEN; i++) scratchBytes[i] = 0;
  let h = len;
  for (let k = 0; k < 16; k++) h = Math.imul(h ^ scratch[k]!, 0x9e3779b1) ^ (h >>> 15);
  const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
  const base = slot * 16;
  if (lens[slot] === len) {
    let k = 0;
    while (k < 16 && inputs[base + k] === scratch[k]) k++;
    if (k === 16) return digests[slot]!;
  }
  const w = keccakWord(buf, off, len);
  lens[slot] = len;
  inputs.set(scratch, base);
  digests[slot] = w;
  return w;
}
