import { concatBytes, keccak256 } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bloomContains, logsBloom } from './logs-bloom.js';
import { decodeReceipt, encodeReceipt, type Receipt } from './receipt.js';

describe('logs bloom', () => {
  it('sets exactly the three bits named by the first three 11-bit pairs of keccak (Yellow Paper §4.3.1)', () => {
    const address = new Uint8Array(20).fill(0x11);
    const bloom = logsBloom([{ address, topics: [], data: new Uint8Array(0) }]);
    const h = keccak256(address);
    const expected = new Set([0, 2, 4].map((i) => ((h[i]! * 256 + h[i + 1]!) % 2048) as number));
    const set: number[] = [];
    for (let bit = 0; bit < 2048; bit++) if (bloom[255 - Math.floor(bit / 8)]! & (1 << (bit % 8))) set.push(bit);
    expect(new Set(set)).toEqual(expected);
  });

  it('contains every address and topic it was built from', () => {
    const topic = new Uint8Array(32).fill(7);
    const address = new Uint8Array(20).fill(9);
    const bloom = logsBloom([{ address, topics: [topic], data: new Uint8Array(3) }]);
    expect(bloomContains(bloom, topic)).toBe(true);
    expect(bloomContains(bloom, address)).toBe(true);
  });
});

describe('receipt codec', () => {
  const log = { address: new Uint8Array(20).fill(1), topics: [new Uint8Array(32).fill(2)], data: Uint8Array.of(3) };
  const base: Receipt = { type: 2, status: true, cumulativeGasUsed: 21_000n, logsBloom: logsBloom([log]), logs: [log] };

  it('encodes a typed receipt as type ++ rlp([status, gas, bloom, logs])', () => {
    const enc = encodeReceipt(base);
    expect(enc[0]).toBe(2);
    // status 1 is the single byte 0x01 (EIP-658), right after the list header (0xf9 + 2 length bytes)
    expect(enc[4]).toBe(0x01);
    expect(decodeReceipt(enc)).toEqual(base);
  });

  it('encodes a legacy receipt without a type byte and a failed status as empty bytes', () => {
    const enc = encodeReceipt({ ...base, type: 0, status: false });
    expect(enc[0]).toBeGreaterThanOrEqual(0xc0);
    expect(enc[3]).toBe(0x80);
    expect(decodeReceipt(enc).status).toBe(false);
  });

  it('appends depositNonce and depositReceiptVersion for Canyon deposit receipts', () => {
    const dep: Receipt = { ...base, type: 0x7e, depositNonce: 5n, depositReceiptVersion: 1n };
    const enc = encodeReceipt(dep);
    expect(enc[0]).toBe(0x7e);
    expect(Array.from(enc.subarray(enc.length - 2))).toEqual([0x05, 0x01]);
    expect(decodeReceipt(enc)).toEqual(dep);
  });

  it('rejects a deposit version without a nonce, and extra fields on non-deposits', () => {
    expect(() => encodeReceipt({ ...base, type: 0x7e, depositReceiptVersion: 1n })).toThrow(/without depositNonce/);
    const extra = encodeReceipt({ ...base, type: 0x7e, depositNonce: 1n });
    expect(() => decodeReceipt(concatBytes(Uint8Array.of(2), extra.subarray(1)))).toThrow(/expected 4..4 fields/);
  });

  it('round-trips arbitrary receipts', () => {
    const bytesArb = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    const logArb = fc.record({
      address: bytesArb(20),
      topics: fc.array(bytesArb(32), { maxLength: 4 }),
      data: fc.uint8Array({ maxLength: 80 }),
    });
    fc.assert(
      fc.property(fc.array(logArb, { maxLength: 3 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (logs, gas) => {
        const r: Receipt = { type: 1, status: true, cumulativeGasUsed: gas, logsBloom: logsBloom(logs), logs };
        expect(decodeReceipt(encodeReceipt(r))).toEqual(r);
      }),
    );
  });
});
