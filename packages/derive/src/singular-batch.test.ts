import { hexToBytes, rlpEncode } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch } from './batch.js';
import { BatchDecodeError } from './errors.js';
import { decodeSingularBatch, encodeSingularBatchContent, type SingularBatch } from './singular-batch.js';

const H1 = new Uint8Array(32).fill(0x11);
const H2 = new Uint8Array(32).fill(0x22);

describe('singular batch codec', () => {
  it('decodes the spec layout rlp([parent_hash, epoch_number, epoch_hash, timestamp, txs])', () => {
    // Hand-assembled: list header, 0xa0+hash, epoch 0x0102 (0x82 01 02), 0xa0+hash, ts 0x05, [0x82 aabb]
    const body = `a0${'11'.repeat(32)}820102a0${'22'.repeat(32)}05c382aabb`;
    const len = body.length / 2;
    const content = hexToBytes(`0xf8${len.toString(16)}${body}`);
    expect(decodeSingularBatch(content)).toEqual({
      parentHash: H1,
      epochNum: 0x0102n,
      epochHash: H2,
      timestamp: 5n,
      transactions: [hexToBytes('0xaabb')],
    });
  });

  it('round-trips (property)', () => {
    const arb = fc.record({
      parentHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      epochNum: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      epochHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      timestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      transactions: fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, (b: SingularBatch) => {
        const d = decodeBatch(encodeBatch({ type: 0, batch: b }));
        expect(d).toEqual({ type: 0, batch: b });
      }),
      { numRuns: 100 },
    );
  });

  const bad: [string, Uint8Array][] = [
    ['four fields', rlpEncode([H1, 1n, H2, 5n])],
    ['six fields', rlpEncode([H1, 1n, H2, 5n, [], []])],
    ['a 31-byte parent hash', rlpEncode([H1.subarray(1), 1n, H2, 5n, []])],
    ['a 9-byte epoch number', rlpEncode([H1, 1n << 64n, H2, 5n, []])],
    ['a non-canonical timestamp (leading zero)', rlpEncode([H1, 1n, H2, new Uint8Array([0, 5]), []])],
    ['a transaction that is a list', rlpEncode([H1, 1n, H2, 5n, [[new Uint8Array([1])]]])],
    ['trailing bytes', new Uint8Array([...rlpEncode([H1, 1n, H2, 5n, []]), 0])],
  ];
  for (const [name, content] of bad) {
    it(`rejects ${name}`, () => expect(() => decodeSingularBatch(content)).toThrow(BatchDecodeError));
  }

  it('encodes what it decodes', () => {
    const content = rlpEncode([H1, 7n, H2, 9n, [new Uint8Array([2, 3])]]);
    expect(encodeSingularBatchContent(decodeSingularBatch(content))).toEqual(content);
  });

  it('decodeBatch rejects an empty batch and unknown types', () => {
    expect(() => decodeBatch(new Uint8Array(0))).toThrow(/empty/);
    expect(() => decodeBatch(new Uint8Array([2]))).toThrow(/unknown batch type 2/);
  });
});
