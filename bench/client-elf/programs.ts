/**
 * Programs for the client.elf runtime that each repeat one kind of work COUNT times, so the VM's
 * exact step counts at COUNT = 0 and COUNT = n give the cost of one unit inside client.elf:
 * a keccak-256 of 64 bytes and a secp256k1 recovery through the crypto backend (the runtime's
 * native functions, as the client calls them), and an EVM call (Faultline's interpreter in
 * QuickJS) per gas. Built by bench/client-elf.ts with `defines` for COUNT, KIND and WORKLOAD.
 */
import { keccak256, recoverPublicKey } from '@faultline/primitives';
import { prepareFaultline } from '../evm-adapter.js';
import type { Workload } from '../evm-workloads.js';

declare const COUNT: number;
declare const KIND: 'keccak' | 'recover' | 'evm';
/** A workload serialised by bench/client-elf.ts (bigints and bytes tagged). */
declare const WORKLOAD: unknown;

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$b === 'string') return BigInt(o.$b);
    if (typeof o.$u === 'string') {
      const hex = o.$u;
      const out = new Uint8Array(hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    if (Array.isArray(o.$m)) return new Map((o.$m as unknown[][]).map(([k, x]) => [revive(k), revive(x)]));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

function main(): number {
  if (KIND === 'keccak') {
    const data = new Uint8Array(64).fill(7);
    for (let i = 0; i < COUNT; i++) data[0] = keccak256(data)[0]!;
    return 0;
  }
  if (KIND === 'recover') {
    // go-ethereum's ecRecover vector "ValidKey".
    const hash = new Uint8Array(32);
    const h = '18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c';
    for (let i = 0; i < 32; i++) hash[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
    const r = 0x73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75fn;
    const s = 0xeeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549n;
    for (let i = 0; i < COUNT; i++) if (recoverPublicKey(hash, r, s, 1) === undefined) return 2;
    return 0;
  }
  const run = prepareFaultline(revive(WORKLOAD) as Workload, Number.POSITIVE_INFINITY);
  let gas = 0n;
  for (let i = 0; i < COUNT; i++) {
    const out = run.run();
    if (out.status !== 'success') return 2;
    gas += out.gasUsed;
  }
  (globalThis as { faultlineNative?: { log?: (l: string) => void } }).faultlineNative?.log?.(`gas=${gas}`);
  return 0;
}

(globalThis as { faultlineMain?: () => number }).faultlineMain = main;
