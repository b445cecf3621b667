import { describe, expect, it } from 'vitest';
import { MemoryState } from './state-test/memory-state.js';
import { WorldState } from './world-state.js';

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';

function world() {
  const s = new MemoryState();
  s.setAccount(A, 1n, 100n, new Uint8Array(0), new Map([[1n, 5n]]));
  return { s, w: new WorldState(s) };
}

describe('WorldState journal', () => {
  it('reverts balances, storage, transient storage, warmth, logs and refunds to a snapshot', () => {
    const { w } = world();
    w.warmAddress(A);
    const snap = w.snapshot();
    w.setBalance(A, 1n);
    w.setStorage(A, 1n, 9n);
    w.setTransient(A, 2n, 3n);
    expect(w.warmAddress(B)).toBe(true);
    w.warmSlot(A, 1n);
    w.addLog({ address: A, topics: [], data: new Uint8Array(0) });
    w.addRefund(4800);
    w.revert(snap);
    expect(w.account(A).balance).toBe(100n);
    expect(w.getStorage(A, 1n)).toBe(5n);
    expect(w.getTransient(A, 2n)).toBe(0n);
    expect(w.accessedAddresses.has(B)).toBe(false);
    expect(w.accessedAddresses.has(A)).toBe(true);
    expect(w.accessedSlots.get(A)?.has(1n)).toBe(false);
    expect(w.logs).toHaveLength(0);
    expect(w.refund).toBe(0);
  });

  it('keeps the tx-start value as the EIP-2200 original across writes', () => {
    const { w } = world();
    w.setStorage(A, 1n, 7n);
    w.setStorage(A, 1n, 8n);
    expect(w.originalStorage(A, 1n)).toBe(5n);
    expect(w.getStorage(A, 1n)).toBe(8n);
  });

  it('diff deletes touched empty accounts (EIP-161) only when asked', () => {
    const { w } = world();
    w.addBalance(B, 0n);
    expect(w.diff(true).get(B)?.deleted).toBe(true);
    expect(w.diff(false).get(B)?.deleted).toBe(false);
  });

  it('diff carries changed slots, nonce, balance and new code', () => {
    const { s, w } = world();
    w.setStorage(A, 1n, 0n);
    w.setStorage(A, 2n, 6n);
    w.setNonce(A, 2n);
    w.setCode(B, Uint8Array.of(0x00));
    s.commit(w.diff(true));
    expect(s.getStorage(A, 1n)).toBe(0n);
    expect(s.getStorage(A, 2n)).toBe(6n);
    expect(s.getAccount(A)?.nonce).toBe(2n);
    expect(s.getCode(s.getAccount(B)!.codeHash)).toEqual(Uint8Array.of(0x00));
  });
});
