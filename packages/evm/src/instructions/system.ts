/**
 * Instructions that leave the frame or reach other accounts: LOG0–LOG4, CREATE/CREATE2, the CALL
 * family (63/64 rule, EIP-150; stipend; EIP-2929 cold surcharge; EIP-7702 delegate read),
 * RETURN/REVERT, SELFDESTRUCT and INVALID. Child frames recurse through `Evm.call` / `Evm.create`;
 * a pending EIP-3155 step is flushed first so the trace shows the parent's step before the child's.
 */
import {
  CALL,
  CALLCODE,
  DELEGATECALL,
  type FrameResult,
  STATICCALL,
  STATUS_REVERT,
  STATUS_SUCCESS,
} from '../context.js';
import type { Evm } from '../evm.js';
import {
  charge,
  EMPTY,
  type Frame,
  flushStep,
  GAS_SPLIT,
  HALT,
  MAX_MEM,
  memCost,
  memGrow,
  OOG,
  refill,
  STOP,
  splitGas,
  words,
  writeProtected,
} from '../frame.js';
import { GAS, LIMITS } from '../gas.js';
import { ArenaLog } from '../log-arena.js';
import { addressFromWord, big, canon, writeWord } from '../words.js';

/** RETURN / REVERT: the output is a copy of memory [offset, offset+size). */
export function opReturn(_evm: Evm, f: Frame, op: number, sp: number): number {
  const off = f.stack[sp - 1]!;
  const size = f.stack[sp - 2]!;
  if (!charge(f, memCost(f.memory, off, size))) return HALT;
  memGrow(f.memory, off, size);
  f.output = Number(size) === 0 ? EMPTY : f.memory.read(Number(off), Number(size));
  f.reverted = op === 0xfd;
  return STOP;
}

/** 0xFE INVALID (EIP-141) and any opcode without an implementation. */
export function opInvalid(_evm: Evm, f: Frame, op: number, _sp: number): number {
  f.error = op === 0xfe ? 'invalid opcode: INVALID' : `invalid opcode: opcode 0x${op.toString(16)} not defined`;
  return HALT;
}

/** LOG0…LOG4: data is memory [offset, offset+size), then n topics from the stack. */
export function opLog(evm: Evm, f: Frame, op: number, sp: number): number {
  if (writeProtected(f)) return HALT;
  const stack = f.stack;
  const mem = f.memory;
  const n = op - 0xa0;
  const off = stack[sp - 1]!;
  const size = stack[sp - 2]!;
  let cost = memCost(mem, off, size);
  if (cost !== OOG) cost = size > MAX_MEM ? OOG : cost + GAS.LOG_DATA_BYTE * Number(size);
  if (!charge(f, cost)) return HALT;
  memGrow(mem, off, size);
  // Topics and data go to the world state's log arena: no allocation but the log record.
  const len = Number(size);
  const arena = evm.world.logArena;
  const buf = arena.reserve(32 * n + len);
  const at = arena.offset;
  for (let i = 0; i < n; i++) writeWord(buf, at + 32 * i, stack[sp - 3 - i]!);
  if (len !== 0) {
    const o = Number(off);
    const to = at + 32 * n;
    if (len <= 96) for (let i = 0; i < len; i++) buf[to + i] = mem.buf[o + i]!;
    else buf.set(mem.buf.subarray(o, o + len), to);
  }
  evm.world.addLog(new ArenaLog(f.address, buf, at, n, len));
  return sp - 2 - n;
}

/** CREATE / CREATE2: EIP-3860 initcode limit and word gas; CREATE2 also pays for hashing it. */
export function opCreate(evm: Evm, f: Frame, op: number, sp: number): number {
  if (writeProtected(f)) return HALT;
  const stack = f.stack;
  const mem = f.memory;
  const rules = evm.rules;
  const value = big(stack[sp - 1]!);
  const off = stack[sp - 2]!;
  const size = stack[sp - 3]!;
  const salt = op === 0xf5 ? big(stack[sp - 4]!) : undefined;
  const top = sp - (op === 0xf5 ? 4 : 3);
  if (rules.shanghai && size > LIMITS.MAX_INITCODE_SIZE) {
    f.error = 'max initcode size exceeded';
    return HALT;
  }
  let cost = memCost(mem, off, size);
  if (cost !== OOG) {
    if (rules.shanghai) cost += GAS.INITCODE_WORD * words(size);
    if (op === 0xf5) cost += GAS.KECCAK_WORD * words(size);
  }
  if (!charge(f, cost)) return HALT;
  memGrow(mem, off, size);
  const initcode = Number(size) === 0 ? EMPTY : mem.read(Number(off), Number(size));
  const child = allotChildGas(f, rules.tangerine, undefined)!;
  if (f.pendingStep !== undefined) flushStep(evm, f, f.gas);
  const r = evm.create(f.address, value, initcode, child.gas, f.depth + 1, salt, child.bank);
  reclaimChildGas(f, r);
  f.returnData = r.status === STATUS_REVERT ? r.output : EMPTY;
  stack[top] = r.status === STATUS_SUCCESS ? canon(BigInt(r.created!)) : 0;
  return top + 1;
}

/** CALL / CALLCODE / DELEGATECALL / STATICCALL.  */
export function opCall(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  const requested = big(stack[sp - 1]!);
  const target = addressFromWord(stack[sp - 2]!);
  let value = 0n;
  let k = sp - 3;
  if (op === 0xf1 || op === 0xf2) {
    value = big(stack[k]!);
    k--;
  }
  const inOff = stack[k]!;
  const inSize = stack[k - 1]!;
  const outOff = stack[k - 2]!;
  const outSize = stack[k - 3]!;
  sp = k - 3;
  if (op === 0xf1 && value !== 0n && writeProtected(f)) return HALT;
  // Memory for the larger of the two regions.
  const c1 = memCost(mem, inOff, inSize);
  const c2 = memCost(mem, outOff, outSize);
  let cost = Math.max(c1, c2);
  if (cost !== OOG) {
    if (rules.berlin && !world.accessedAddresses.has(target)) cost += GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
    if (value !== 0n && op !== 0xf4 && op !== 0xfa) {
      cost += GAS.CALL_VALUE;
      if (op === 0xf1 && (rules.spurious ? world.isDead(target) : !world.exists(target))) cost += GAS.NEW_ACCOUNT;
    } else if (op === 0xf1 && !rules.spurious && !world.exists(target)) cost += GAS.NEW_ACCOUNT;
  }
  let gas = f.gas;
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return HALT;
  }
  if (rules.berlin) world.warmAddress(target);
  // EIP-7702: calling a delegated account also pays for reading the delegate (checked together
  // with the rest: nothing is deducted when either check fails).
  const delegate = rules.prague ? evm.delegationOf(target) : undefined;
  if (delegate !== undefined) {
    cost += world.warmAddress(delegate) ? GAS.COLD_ACCOUNT_ACCESS : GAS.WARM_STORAGE_READ;
    if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
      f.error = 'out of gas';
      return HALT;
    }
  }
  f.gas = gas - cost;
  const child = allotChildGas(f, rules.tangerine, requested);
  if (child === undefined) return HALT;
  memGrow(mem, inOff, inSize);
  memGrow(mem, outOff, outSize);
  let give = child.gas;
  let giveBank = child.bank;
  if (value !== 0n && (op === 0xf1 || op === 0xf2)) {
    if (give + GAS.CALL_STIPEND > GAS_SPLIT) giveBank += BigInt(GAS.CALL_STIPEND);
    else give += GAS.CALL_STIPEND;
  }
  const input = Number(inSize) === 0 ? EMPTY : mem.read(Number(inOff), Number(inSize));
  if (f.pendingStep !== undefined) flushStep(evm, f, f.gas);
  const depth = f.depth + 1;
  let r: FrameResult;
  if (op === 0xf1) r = evm.call(CALL, address, target, target, value, input, give, f.isStatic, depth, giveBank);
  else if (op === 0xf2)
    r = evm.call(CALLCODE, address, address, target, value, input, give, f.isStatic, depth, giveBank);
  else if (op === 0xf4)
    r = evm.call(DELEGATECALL, f.caller, address, target, f.value, input, give, f.isStatic, depth, giveBank);
  else r = evm.call(STATICCALL, address, target, target, 0n, input, give, true, depth, giveBank);
  reclaimChildGas(f, r);
  f.returnData = r.output;
  if (Number(outSize) !== 0 && r.output.length > 0) {
    const n = Math.min(Number(outSize), r.output.length);
    mem.buf.set(r.output.subarray(0, n), Number(outOff));
  }
  stack[sp++] = r.status === STATUS_SUCCESS ? 1 : 0;
  return sp;
}

/** SELFDESTRUCT (EIP-6780 applies in `Evm.selfDestruct`): ends the frame normally. */
export function opSelfDestruct(evm: Evm, f: Frame, _op: number, sp: number): number {
  if (writeProtected(f)) return HALT;
  const world = evm.world;
  const rules = evm.rules;
  const beneficiary = addressFromWord(f.stack[sp - 1]!);
  let cost = 0;
  if (rules.berlin && !world.accessedAddresses.has(beneficiary)) cost += GAS.COLD_ACCOUNT_ACCESS;
  if (rules.tangerine) {
    const balance = world.account(f.address).balance;
    const newAccount = rules.spurious ? world.isDead(beneficiary) && balance !== 0n : !world.exists(beneficiary);
    if (newAccount) cost += GAS.NEW_ACCOUNT;
  }
  if (!charge(f, cost)) return HALT;
  if (rules.berlin) world.warmAddress(beneficiary);
  evm.selfDestruct(f.address, beneficiary);
  return STOP;
}

/**
 * Takes a child frame's gas out of the parent's counter and bank: all but one 64th of what is
 * left (EIP-150), capped by `requested` for calls (creates get it all); before Tangerine Whistle
 * a call must be able to pay `requested` in full — undefined, with `f.error`, when it cannot.
 */
function allotChildGas(
  f: Frame,
  tangerine: boolean,
  requested: bigint | undefined,
): { gas: number; bank: bigint } | undefined {
  if (f.bank === 0n) {
    const gas = f.gas;
    let give: number;
    if (tangerine) {
      const cap = gas - Math.floor(gas / 64);
      give = requested === undefined || requested >= BigInt(cap) ? cap : Number(requested);
    } else if (requested === undefined) give = gas;
    else if (requested > BigInt(gas)) {
      f.error = 'out of gas';
      return undefined;
    } else give = Number(requested);
    f.gas = gas - give;
    return { gas: give, bank: 0n };
  }
  const avail = BigInt(f.gas) + f.bank;
  const cap = tangerine ? avail - avail / 64n : avail;
  if (!tangerine && requested !== undefined && requested > avail) {
    f.error = 'out of gas';
    return undefined;
  }
  const give = splitGas(requested === undefined || requested >= cap ? cap : requested);
  const rest = splitGas(avail - (BigInt(give.gas) + give.bank));
  f.gas = rest.gas;
  f.bank = rest.bank;
  return give;
}

/** Gives a finished child's unused gas back to the parent. */
function reclaimChildGas(f: Frame, r: FrameResult): void {
  if (r.bankLeft !== 0n || f.gas + r.gasLeft > GAS_SPLIT) {
    const t = splitGas(BigInt(f.gas) + BigInt(r.gasLeft) + f.bank + r.bankLeft);
    f.gas = t.gas;
    f.bank = t.bank;
  } else f.gas += r.gasLeft;
}
