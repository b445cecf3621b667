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
} from '../frame.js';
import { GAS, LIMITS } from '../gas.js';
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

/** LOG0…LOG4.  */
export function opLog(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
  if (f.isStatic) {
    f.error = 'write protection';
    return HALT;
  }
  const n = op - 0xa0;
  const a = stack[sp - 1]!;
  const b = stack[sp - 2]!;
  sp -= 2;
  cost = memCost(mem, a, b);
  if (cost !== OOG) cost = b > MAX_MEM ? OOG : cost + GAS.LOG_DATA_BYTE * Number(b);
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return HALT;
  }
  gas -= cost;
  memGrow(mem, a, b);
  // Topics and data share one buffer: a log costs one ArrayBuffer instead of one per part
  // (ArrayBuffers are the expensive allocation for V8's young-generation GC).
  const len = Number(b);
  const buf = new Uint8Array(32 * n + len);
  const topics: Uint8Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    writeWord(buf, 32 * i, stack[--sp]!);
    topics[i] = buf.subarray(32 * i, 32 * i + 32);
  }
  let data = EMPTY;
  if (len !== 0) {
    const off = Number(a);
    buf.set(mem.buf.subarray(off, off + len), 32 * n);
    data = buf.subarray(32 * n);
  }
  world.addLog({ address, topics, data });
  f.gas = gas;
  return sp;
}

/** CREATE / CREATE2.  */
export function opCreate(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
  if (f.isStatic) {
    f.error = 'write protection';
    return HALT;
  }
  const value = big(stack[sp - 1]!);
  const a = stack[sp - 2]!;
  const b = stack[sp - 3]!;
  const salt = op === 0xf5 ? big(stack[sp - 4]!) : undefined;
  sp -= op === 0xf5 ? 4 : 3;
  if (rules.shanghai && b > LIMITS.MAX_INITCODE_SIZE) {
    // EIP-3860: oversized initcode is an exceptional halt.
    f.error = 'max initcode size exceeded';
    return HALT;
  }
  cost = memCost(mem, a, b);
  if (cost !== OOG) {
    if (rules.shanghai) cost += GAS.INITCODE_WORD * words(b);
    if (op === 0xf5) cost += GAS.KECCAK_WORD * words(b);
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return HALT;
  }
  gas -= cost;
  memGrow(mem, a, b);
  const initcode = Number(b) === 0 ? EMPTY : mem.read(Number(a), Number(b));
  let give: number;
  let giveBank = 0n;
  if (f.bank === 0n) {
    give = rules.tangerine ? gas - Math.floor(gas / 64) : gas;
    gas -= give;
  } else {
    const avail = BigInt(gas) + f.bank;
    const g = splitGas(rules.tangerine ? avail - avail / 64n : avail);
    const rest = splitGas(avail - (BigInt(g.gas) + g.bank));
    give = g.gas;
    giveBank = g.bank;
    gas = rest.gas;
    f.bank = rest.bank;
  }
  if (f.pendingStep !== undefined) flushStep(evm, f, gas);
  const r = evm.create(address, value, initcode, give, f.depth + 1, salt, giveBank);
  if (r.bankLeft !== 0n || gas + r.gasLeft > GAS_SPLIT) {
    const t = splitGas(BigInt(gas) + BigInt(r.gasLeft) + f.bank + r.bankLeft);
    gas = t.gas;
    f.bank = t.bank;
  } else gas += r.gasLeft;
  f.returnData = r.status === STATUS_REVERT ? r.output : EMPTY;
  stack[sp++] = r.status === STATUS_SUCCESS ? canon(BigInt(r.created!)) : 0;
  f.gas = gas;
  return sp;
}

/** CALL / CALLCODE / DELEGATECALL / STATICCALL.  */
export function opCall(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
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
  if (op === 0xf1 && f.isStatic && value !== 0n) {
    f.error = 'write protection';
    return HALT;
  }
  // Memory for the larger of the two regions.
  const c1 = memCost(mem, inOff, inSize);
  const c2 = memCost(mem, outOff, outSize);
  cost = Math.max(c1, c2);
  if (cost !== OOG) {
    if (rules.berlin && !world.accessedAddresses.has(target)) cost += GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
    if (value !== 0n && op !== 0xf4 && op !== 0xfa) {
      cost += GAS.CALL_VALUE;
      if (op === 0xf1 && (rules.spurious ? world.isDead(target) : !world.exists(target))) cost += GAS.NEW_ACCOUNT;
    } else if (op === 0xf1 && !rules.spurious && !world.exists(target)) cost += GAS.NEW_ACCOUNT;
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return HALT;
  }
  if (rules.berlin) world.warmAddress(target);
  // EIP-7702: calling a delegated account also pays for reading the delegate.
  const delegate = rules.prague ? evm.delegationOf(target) : undefined;
  if (delegate !== undefined) {
    const dc = world.warmAddress(delegate) ? GAS.COLD_ACCOUNT_ACCESS : GAS.WARM_STORAGE_READ;
    cost += dc;
    if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
      f.error = 'out of gas';
      return HALT;
    }
  }
  gas -= cost;
  let give: number;
  let giveBank = 0n;
  if (f.bank === 0n) {
    if (rules.tangerine) {
      const cap = gas - Math.floor(gas / 64);
      give = requested < BigInt(cap) ? Number(requested) : cap;
    } else {
      if (requested > BigInt(gas)) {
        f.error = 'out of gas';
        return HALT;
      }
      give = Number(requested);
    }
    gas -= give;
  } else {
    const avail = BigInt(gas) + f.bank;
    const cap = rules.tangerine ? avail - avail / 64n : avail;
    if (!rules.tangerine && requested > avail) {
      f.error = 'out of gas';
      return HALT;
    }
    const g = splitGas(requested < cap ? requested : cap);
    const rest = splitGas(avail - (BigInt(g.gas) + g.bank));
    give = g.gas;
    giveBank = g.bank;
    gas = rest.gas;
    f.bank = rest.bank;
  }
  memGrow(mem, inOff, inSize);
  memGrow(mem, outOff, outSize);
  if (value !== 0n && (op === 0xf1 || op === 0xf2)) {
    if (give + GAS.CALL_STIPEND > GAS_SPLIT) giveBank += BigInt(GAS.CALL_STIPEND);
    else give += GAS.CALL_STIPEND;
  }
  const input = Number(inSize) === 0 ? EMPTY : mem.read(Number(inOff), Number(inSize));
  if (f.pendingStep !== undefined) flushStep(evm, f, gas);
  let r: FrameResult;
  if (op === 0xf1) r = evm.call(CALL, address, target, target, value, input, give, f.isStatic, f.depth + 1, giveBank);
  else if (op === 0xf2)
    r = evm.call(CALLCODE, address, address, target, value, input, give, f.isStatic, f.depth + 1, giveBank);
  else if (op === 0xf4)
    r = evm.call(DELEGATECALL, f.caller, address, target, f.value, input, give, f.isStatic, f.depth + 1, giveBank);
  else r = evm.call(STATICCALL, address, target, target, 0n, input, give, true, f.depth + 1, giveBank);
  if (r.bankLeft !== 0n || gas + r.gasLeft > GAS_SPLIT) {
    const t = splitGas(BigInt(gas) + BigInt(r.gasLeft) + f.bank + r.bankLeft);
    gas = t.gas;
    f.bank = t.bank;
  } else gas += r.gasLeft;
  f.returnData = r.output;
  if (Number(outSize) !== 0 && r.output.length > 0) {
    const n = Math.min(Number(outSize), r.output.length);
    mem.buf.set(r.output.subarray(0, n), Number(outOff));
  }
  stack[sp++] = r.status === STATUS_SUCCESS ? 1 : 0;
  f.gas = gas;
  return sp;
}

/** SELFDESTRUCT (EIP-6780): ends the frame normally. */
export function opSelfDestruct(evm: Evm, f: Frame, _op: number, spIn: number): number {
  const stack = f.stack;
  const world = evm.world;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
  if (f.isStatic) {
    f.error = 'write protection';
    return HALT;
  }
  const beneficiary = addressFromWord(stack[--sp]!);
  cost = 0;
  if (rules.berlin && !world.accessedAddresses.has(beneficiary)) cost += GAS.COLD_ACCOUNT_ACCESS;
  const balance = world.account(address).balance;
  if (rules.tangerine) {
    const newAccount = rules.spurious ? world.isDead(beneficiary) && balance !== 0n : !world.exists(beneficiary);
    if (newAccount) cost += GAS.NEW_ACCOUNT;
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return HALT;
  }
  gas -= cost;
  if (rules.berlin) world.warmAddress(beneficiary);
  evm.selfDestruct(address, beneficiary);
  f.gas = gas;
  return STOP;
}
