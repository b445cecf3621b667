/**
 * Persistent (SLOAD / SSTORE) and transient (TLOAD / TSTORE, EIP-1153) storage. The SSTORE gas
 * schedule (EIP-2200/2929/3529, with refunds) lives in `Evm.sstoreCost`, which the tx processor
 * shares; here only the write protection and the EIP-2200 stipend sentry.
 */
import type { Evm } from '../evm.js';
import { charge, type Frame, HALT, writeProtected } from '../frame.js';
import { GAS } from '../gas.js';
import { big, canon } from '../words.js';

export function opSload(evm: Evm, f: Frame, _op: number, sp: number): number {
  const slot = big(f.stack[sp - 1]!);
  if (evm.rules.berlin && evm.world.warmSlot(f.address, slot)) {
    if (!charge(f, GAS.COLD_SLOAD - GAS.WARM_STORAGE_READ)) return HALT;
  }
  f.stack[sp - 1] = canon(evm.world.getStorage(f.address, slot));
  return sp;
}

export function opSstore(evm: Evm, f: Frame, _op: number, sp: number): number {
  if (writeProtected(f)) return HALT;
  // EIP-2200: SSTORE fails when no more than the call stipend is left.
  if (evm.rules.istanbul && f.gas <= GAS.SSTORE_SENTRY) {
    f.error = 'out of gas';
    return HALT;
  }
  const slot = big(f.stack[sp - 1]!);
  const value = big(f.stack[sp - 2]!);
  if (!charge(f, evm.sstoreCost(f.address, slot, value))) return HALT;
  evm.world.setStorage(f.address, slot, value);
  return sp - 2;
}

export function opTload(evm: Evm, f: Frame, _op: number, sp: number): number {
  f.stack[sp - 1] = canon(evm.world.getTransient(f.address, big(f.stack[sp - 1]!)));
  return sp;
}

export function opTstore(evm: Evm, f: Frame, _op: number, sp: number): number {
  if (writeProtected(f)) return HALT;
  evm.world.setTransient(f.address, big(f.stack[sp - 1]!), big(f.stack[sp - 2]!));
  return sp - 2;
}
