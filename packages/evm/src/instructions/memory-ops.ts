/**
 * Instructions that move bytes into or within memory, or hash it: KECCAK256, the *COPY family,
 * MSTORE8 and MCOPY. Each pays memory expansion (`memCost`) plus its per-word cost before it
 * touches memory; an offset or size no gas could pay for is out of gas, never a wrapped number.
 */
import type { Evm } from '../evm.js';
import { charge, type Frame, HALT, MAX_MEM, memCost, memGrow, OOG, words } from '../frame.js';
import { GAS } from '../gas.js';
import { keccakWordMemo, MEMO_MAX_LEN } from '../keccak-memo.js';
import { addressFromWord, KECCAK_EMPTY_WORD, keccakWord, type Word } from '../words.js';

/** Memory expansion for [off, off+len) plus `perWord` gas per word of `len`; OOG if unpayable. */
function spanCost(mem: Frame['memory'], off: Word, len: Word, perWord: number): number {
  const cost = memCost(mem, off, len);
  return cost === OOG ? OOG : cost + perWord * words(len);
}

export function opKeccak256(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const mem = f.memory;
  const off = s[sp - 1]!;
  const size = s[sp - 2]!;
  if (!charge(f, spanCost(mem, off, size, GAS.KECCAK_WORD))) return HALT;
  memGrow(mem, off, size);
  const n = Number(size);
  if (n === 0) s[sp - 2] = KECCAK_EMPTY_WORD;
  else if (n <= MEMO_MAX_LEN) s[sp - 2] = keccakWordMemo(mem.buf, Number(off), n);
  else s[sp - 2] = keccakWord(mem.buf, Number(off), n);
  return sp - 1;
}

/** CALLDATACOPY / CODECOPY / RETURNDATACOPY (the last one halts on reading past the end, EIP-211). */
export function opCopy(_evm: Evm, f: Frame, op: number, sp: number): number {
  const s = f.stack;
  const mem = f.memory;
  const memOff = s[sp - 1]!;
  const dataOff = s[sp - 2]!;
  const len = s[sp - 3]!;
  const src = op === 0x37 ? f.input : op === 0x39 ? f.code : f.returnData;
  // Number() of a huge value is a huge double: out of bounds, as it should be.
  if (op === 0x3e && Number(dataOff) + Number(len) > src.length) {
    f.error = 'return data out of bounds';
    return HALT;
  }
  if (!charge(f, spanCost(mem, memOff, len, GAS.COPY_WORD))) return HALT;
  if (Number(len) !== 0) {
    memGrow(mem, memOff, len);
    mem.writePadded(Number(memOff), src, dataOff > MAX_MEM ? MAX_MEM : Number(dataOff), Number(len));
  }
  return sp - 3;
}

export function opExtcodecopy(evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const berlin = evm.rules.berlin;
  const addr = addressFromWord(s[sp - 1]!);
  const memOff = s[sp - 2]!;
  const codeOff = s[sp - 3]!;
  const len = s[sp - 4]!;
  let cost = spanCost(mem, memOff, len, GAS.COPY_WORD);
  if (berlin && !world.accessedAddresses.has(addr)) cost += GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
  if (!charge(f, cost)) return HALT;
  if (berlin) world.warmAddress(addr);
  if (Number(len) !== 0) {
    memGrow(mem, memOff, len);
    const code = world.code(world.account(addr));
    mem.writePadded(Number(memOff), code, codeOff > MAX_MEM ? MAX_MEM : Number(codeOff), Number(len));
  }
  return sp - 4;
}

export function opMstore8(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const mem = f.memory;
  const off = s[sp - 1]!;
  if (!charge(f, memCost(mem, off, 1))) return HALT;
  memGrow(mem, off, 1);
  const v = s[sp - 2]!;
  mem.buf[Number(off)] = typeof v === 'number' ? v & 0xff : Number(v & 0xffn);
  return sp - 2;
}

/** MCOPY (EIP-5656): memory expansion covers both ranges. */
export function opMcopy(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const mem = f.memory;
  const dst = s[sp - 1]!;
  const src = s[sp - 2]!;
  const len = s[sp - 3]!;
  // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
  const far = dst > src ? dst : src;
  if (!charge(f, spanCost(mem, far, len, GAS.COPY_WORD))) return HALT;
  if (Number(len) !== 0) {
    memGrow(mem, far, len);
    const from = Number(src);
    mem.buf.copyWithin(Number(dst), from, from + Number(len));
  }
  return sp - 3;
}
