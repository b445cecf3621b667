/**
 * The arithmetic and comparison instructions that stay out of the interpreter's hot switch:
 * signed and modular arithmetic, EXP, SIGNEXTEND, BYTE, SAR, CLZ (geth `instructions.go`). U256
 * semantics: bigints in [0, 2^256), two's complement only where the Yellow Paper says so.
 */
import type { Evm } from '../evm.js';
import { charge, type Frame, HALT } from '../frame.js';
import { addmod, mulmod } from '../word-ops.js';
import { big, canon, MASK, toSigned } from '../words.js';

export function opSdiv(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const b = toSigned(big(s[sp - 2]!));
  const a = toSigned(big(s[sp - 1]!));
  s[sp - 2] = b === 0n ? 0 : canon((a / b) & MASK);
  return sp - 1;
}

export function opMod(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const b = big(s[sp - 2]!);
  s[sp - 2] = b === 0n ? 0 : canon(big(s[sp - 1]!) % b);
  return sp - 1;
}

/** SMOD: the result takes the dividend's sign, like JS `%`. */
export function opSmod(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const b = toSigned(big(s[sp - 2]!));
  const a = toSigned(big(s[sp - 1]!));
  s[sp - 2] = b === 0n ? 0 : canon((a % b) & MASK);
  return sp - 1;
}

export function opAddmod(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  s[sp - 3] = addmod(s[sp - 1]!, s[sp - 2]!, s[sp - 3]!);
  return sp - 2;
}

export function opMulmod(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  s[sp - 3] = mulmod(s[sp - 1]!, s[sp - 2]!, s[sp - 3]!);
  return sp - 2;
}

function byteLength(x: bigint): number {
  return x === 0n ? 0 : Math.ceil(x.toString(16).length / 2);
}

function expMod(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) & MASK;
    e >>= 1n;
    if (e > 0n) b = (b * b) & MASK;
  }
  return result;
}

/** EXP: 10 (50 since EIP-160) gas per byte of the exponent on top of the constant cost. */
export function opExp(evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const e = big(s[sp - 2]!);
  if (!charge(f, byteLength(e) * evm.rules.expByteGas)) return HALT;
  s[sp - 2] = canon(expMod(big(s[sp - 1]!), e));
  return sp - 1;
}

export function opSignextend(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const b = s[sp - 1]!;
  if (b < 31) {
    const bit = BigInt(b) * 8n + 7n;
    const x = big(s[sp - 2]!);
    const mask = (1n << bit) - 1n;
    s[sp - 2] = canon((x >> bit) & 1n ? (x | ~mask) & MASK : x & mask);
  }
  return sp - 1;
}

export function opSlt(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  s[sp - 2] = toSigned(big(s[sp - 1]!)) < toSigned(big(s[sp - 2]!)) ? 1 : 0;
  return sp - 1;
}

export function opSgt(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  s[sp - 2] = toSigned(big(s[sp - 1]!)) > toSigned(big(s[sp - 2]!)) ? 1 : 0;
  return sp - 1;
}

/** BYTE: the i-th byte counting from the most significant. */
export function opByte(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const i = s[sp - 1]!;
  s[sp - 2] = i < 32 ? Number((big(s[sp - 2]!) >> BigInt(8 * (31 - Number(i)))) & 0xffn) : 0;
  return sp - 1;
}

export function opSar(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const shift = s[sp - 1]!;
  const v = toSigned(big(s[sp - 2]!));
  s[sp - 2] = canon((v >> (shift < 256 ? BigInt(shift) : 256n)) & MASK);
  return sp - 1;
}

/** CLZ (EIP-7939). */
export function opClz(_evm: Evm, f: Frame, _op: number, sp: number): number {
  const s = f.stack;
  const a = big(s[sp - 1]!);
  s[sp - 1] = a === 0n ? 256 : 256 - a.toString(2).length;
  return sp;
}
