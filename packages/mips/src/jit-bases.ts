/**
 * Base-register page caching for translated code. Most loads and stores of compiled C and Go
 * code address memory relative to a register the code around them does not change — the
 * stack pointer, a frame or struct pointer. For such a "stable" base, every access lies within
 * [base + min offset, base + max offset]; when that range sits inside one allocated page, the
 * translated function looks the page up once on entry and each access indexes it directly
 * instead of walking the two-level page table. Stores use the cached page only if it also
 * needs no bookkeeping (already dirty, no translated code on it); otherwise, and whenever the
 * range spans two pages, accesses take the general path, so the semantics never change.
 *
 * The cached page stays valid for the whole function: an allocated page is never replaced,
 * and dirty/code flags change only outside translated code (hash flushes, translation).
 */
import { PAGE_ADDR_SIZE } from './constants.js';
import { DIR_SHIFT } from './memory.js';
import { Fn, Fn2, Op } from './vm.js';

/** Loads and stores (a function, not a table: `vm.ts` and this module import each other). */
export function isMemoryOp(op: number): boolean {
  switch (op) {
    case Op.LB:
    case Op.LH:
    case Op.LWL:
    case Op.LW:
    case Op.LBU:
    case Op.LHU:
    case Op.LWR:
    case Op.SB:
    case Op.SH:
    case Op.SWL:
    case Op.SW:
    case Op.SWR:
    case Op.LL:
    case Op.SC:
      return true;
    default:
      return false;
  }
}

/** The register an instruction may write (0 for none); over-approximating is safe. */
function writtenReg(insn: number): number {
  const op = insn >>> 26;
  if (op === Op.SPECIAL) {
    const fn = insn & 63;
    return fn === Fn.JR || fn === Fn.SYSCALL ? 0 : (insn >>> 11) & 31;
  }
  if (op === Op.SPECIAL2) return (insn & 63) === Fn2.MUL || (insn & 63) >= Fn2.CLZ ? (insn >>> 11) & 31 : 0;
  if (op === Op.JAL) return 31;
  if (op === Op.J || op === Op.REGIMM || (op >= Op.BEQ && op <= Op.BGTZ)) return 0;
  if (op === Op.SB || op === Op.SH || op === Op.SWL || op === Op.SW || op === Op.SWR) return 0;
  return (insn >>> 16) & 31; // I-type ALU, loads, sc
}

/** Offset range of the accesses through one base register. */
export interface BaseRange {
  min: number;
  max: number;
  count: number;
}

/** Base registers of `words` that none of them writes, used by at least two accesses. */
export function stableBases(words: readonly number[]): Map<number, BaseRange> {
  const written = new Set(words.map(writtenReg));
  const bases = new Map<number, BaseRange>();
  for (const insn of words) {
    if (!isMemoryOp(insn >>> 26)) continue;
    const rs = (insn >>> 21) & 31;
    if (written.has(rs)) continue;
    const off = (insn << 16) >> 16;
    const b = bases.get(rs);
    if (b === undefined) bases.set(rs, { min: off, max: off, count: 1 });
    else {
      b.min = Math.min(b.min, off);
      b.max = Math.max(b.max, off);
      b.count++;
    }
  }
  for (const [rs, b] of bases) if (b.count < 2) bases.delete(rs);
  return bases;
}

/**
 * JS run once on entry (after the guest registers are loaded into `r<i>` locals): `bp<b>` is
 * the page of base b's range, `bk<b>` says loads may use it, `bw<b>` that stores may.
 */
export function basePrologue(bases: ReadonlyMap<number, BaseRange>): string {
  const out: string[] = [];
  for (const [b, { min, max }] of bases) {
    const reg = b === 0 ? '0' : `r${b}`;
    out.push(
      `const ba${b} = (${reg} + ${min}) | 0, bz${b} = (${reg} + ${max}) | 0, bi${b} = ba${b} >>> ${PAGE_ADDR_SIZE};`,
      `const bp${b} = dirs[ba${b} >>> ${DIR_SHIFT}][bi${b} & 1023];`,
      `const bk${b} = bi${b} === bz${b} >>> ${PAGE_ADDR_SIZE} && bp${b} !== Z;`,
      `const bw${b} = bk${b} && dirty[bi${b}] !== 0 && code[bi${b}] === 0;`,
    );
  }
  return out.join(' ');
}
