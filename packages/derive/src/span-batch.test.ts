import { readFileSync } from 'node:fs';
import { equalBytes, hexToBytes, type RlpInput, rlpDecodePrefix, rlpEncode } from '@faultline/primitives';
import { decodeTransaction, encodeTransaction, recoverSender } from '@faultline/protocol';
import { fixturePath } from '@faultline/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitList } from './byte-reader.js';
import { readChannel } from './channel-reader.js';
import { BatchDecodeError, SpanBatchDeriveError } from './errors.js';
import {
  buildRawSpanBatch,
  decodeRawSpanBatch,
  deriveSpanBatch,
  encodeRawSpanBatch,
  type RawSpanBatch,
  type SpanBatchElement,
} from './span-batch.js';
import { testConfig } from './test-helpers.js';

const PARAMS = { blockTime: 2n, l2GenesisTime: 1000n, l2ChainId: 10n };
const check = (n: number) => `${n.toString(16).padStart(2, '0')}`.repeat(20);

describe('span batch: hand-assembled wire bytes', () => {
  it('derives timestamps and L1 origins as the spec describes', () => {
    // rel_timestamp 300 (ac02), l1_origin_num 100 (64), checks, block_count 3, origin_bits 0b101, tx counts 0,0,0
    const content = hexToBytes(`0xac0264${check(0xaa)}${check(0xbb)}0305000000`);
    const raw = decodeRawSpanBatch(content);
    expect(raw.relTimestamp).toBe(300n);
    expect(raw.l1OriginNum).toBe(100n);
    expect(raw.parentCheck).toEqual(new Uint8Array(20).fill(0xaa));
    const d = deriveSpanBatch(raw, PARAMS);
    expect(d.elements.map((e) => e.timestamp)).toEqual([1300n, 1302n, 1304n]);
    // last = 100; bit 2 set → block 1 = 99; bit 1 clear → block 0 = 99 (bit 0 never steps back)
    expect(d.elements.map((e) => e.epochNum)).toEqual([99n, 99n, 100n]);
    expect(encodeRawSpanBatch(raw)).toEqual(content);
  });

  it('rebuilds an EIP-155 legacy transaction with v = 2·chainId + 35 + y_parity', () => {
    const txData = rlpEncode([1n, 2n, new Uint8Array(0)]); // value 1, gasPrice 2, data ""
    const to = 'cc'.repeat(20);
    const r = `${'00'.repeat(31)}05`;
    const s = `${'00'.repeat(31)}06`;
    // 1 block with 1 tx: creation bits 00, y-parity 01, sig, to, tx_data, nonce 7, gas 21000 (88a401), protected 01
    const hex = `0x0064${check(1)}${check(2)}01000100 01${r}${s}${to}${Buffer.from(txData).toString('hex')}07${'88a401'}01`;
    const raw = decodeRawSpanBatch(hexToBytes(hex.replace(' ', '')));
    const [tx] = deriveSpanBatch(raw, PARAMS).elements[0]!.transactions;
    const want = rlpEncode([7n, 2n, 21000n, hexToBytes(`0x${to}`), 1n, new Uint8Array(0), 10n * 2n + 35n + 1n, 5n, 6n]);
    expect(tx).toEqual(want);
  });
});

describe('span batch: malformed input is rejected, never thrown past BatchDecodeError', () => {
  const prefix = `0x0064${check(1)}${check(2)}`;
  const cases: [string, string, RegExp][] = [
    ['empty span', `${prefix}00`, /must not be empty/],
    ['block count over the limit', `${prefix}81ade204`, /exceeds the span batch limit/],
    ['origin bits past block_count', `${prefix}030800 0000`, /bits set beyond/],
    ['truncated signatures', `${prefix}0100 01 00 00 ${'11'.repeat(40)}`, /tx sig/],
    ['a tx_data that is not a list', `${prefix}0100 01 00 00 ${'11'.repeat(64)}${'22'.repeat(20)}80`, /must be a list/],
    ['uvarint overflow', `0x${'ff'.repeat(10)}01`, /overflows u64/],
    ['truncated prefix', `0x0064${check(1)}`, /l1_origin_check/],
  ];
  for (const [name, hex, msg] of cases) {
    it(name, () => {
      const bytes = hexToBytes(hex.replaceAll(' ', ''));
      expect(() => decodeRawSpanBatch(bytes)).toThrow(BatchDecodeError);
      expect(() => decodeRawSpanBatch(bytes)).toThrow(msg);
    });
  }

  it('an unknown transaction type decodes but cannot be derived', () => {
    const txData = `03${Buffer.from(rlpEncode([1n])).toString('hex')}`;
    const hex = `${prefix}0100 01 00 00 ${'11'.repeat(64)}${'22'.repeat(20)}${txData} 01 01`;
    const raw = decodeRawSpanBatch(hexToBytes(hex.replaceAll(' ', '')));
    expect(() => deriveSpanBatch(raw, PARAMS)).toThrow(SpanBatchDeriveError);
    expect(() => deriveSpanBatch(raw, PARAMS)).toThrow(/invalid transaction type 3/);
  });

  it('a tx_data with the wrong field count cannot be derived', () => {
    const txData = `02${Buffer.from(rlpEncode([1n, 2n])).toString('hex')}`;
    const hex = `${prefix}0100 01 00 00 ${'11'.repeat(64)}${'22'.repeat(20)}${txData} 01 01`;
    const raw = decodeRawSpanBatch(hexToBytes(hex.replaceAll(' ', '')));
    expect(() => deriveSpanBatch(raw, PARAMS)).toThrow(/expected 5 fields, got 2/);
  });
});

// ---- property: elements → wire → elements ----
const U64 = (1n << 64n) - 1n;
const U256 = (1n << 256n) - 1n;
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const addr = bytes(20);
const accessList = fc.array(fc.tuple(addr, fc.array(bytes(32), { maxLength: 2 })), { maxLength: 2 });
const common = {
  nonce: fc.bigInt({ min: 0n, max: U64 }),
  gas: fc.bigInt({ min: 0n, max: U64 }),
  value: fc.bigInt({ min: 0n, max: U256 }),
  data: fc.uint8Array({ maxLength: 40 }),
  y: fc.boolean(),
  r: fc.bigInt({ min: 0n, max: U256 }),
  s: fc.bigInt({ min: 0n, max: U256 }),
};
const CHAIN = PARAMS.l2ChainId;
const typed = (t: number, f: RlpInput[]) => new Uint8Array([t, ...rlpEncode(f)]);
const txArb = fc.oneof(
  fc
    .record({ ...common, gasPrice: fc.bigInt({ min: 0n, max: U256 }), to: fc.option(addr), prot: fc.boolean() })
    .map((t) => {
      const y = BigInt(t.y);
      const v = t.prot ? CHAIN * 2n + 35n + y : 27n + y;
      return rlpEncode([t.nonce, t.gasPrice, t.gas, t.to ?? new Uint8Array(0), t.value, t.data, v, t.r, t.s]);
    }),
  fc
    .record({ ...common, gasPrice: fc.bigInt({ min: 0n, max: U256 }), to: fc.option(addr), al: accessList })
    .map((t) =>
      typed(1, [
        CHAIN,
        t.nonce,
        t.gasPrice,
        t.gas,
        t.to ?? new Uint8Array(0),
        t.value,
        t.data,
        t.al,
        BigInt(t.y),
        t.r,
        t.s,
      ]),
    ),
  fc
    .record({
      ...common,
      tip: fc.bigInt({ min: 0n, max: U256 }),
      cap: fc.bigInt({ min: 0n, max: U256 }),
      to: fc.option(addr),
      al: accessList,
    })
    .map((t) =>
      typed(2, [
        CHAIN,
        t.nonce,
        t.tip,
        t.cap,
        t.gas,
        t.to ?? new Uint8Array(0),
        t.value,
        t.data,
        t.al,
        BigInt(t.y),
        t.r,
        t.s,
      ]),
    ),
  fc
    .record({
      ...common,
      tip: fc.bigInt({ min: 0n, max: U256 }),
      cap: fc.bigInt({ min: 0n, max: U256 }),
      to: addr,
      al: accessList,
      auth: fc.array(
        fc.tuple(
          fc.bigInt({ min: 0n, max: U256 }),
          addr,
          fc.bigInt({ min: 0n, max: U64 }),
          fc.integer({ min: 0, max: 255 }),
        ),
        { maxLength: 2 },
      ),
    })
    .map((t) =>
      typed(4, [
        CHAIN,
        t.nonce,
        t.tip,
        t.cap,
        t.gas,
        t.to,
        t.value,
        t.data,
        t.al,
        t.auth.map(([c, a, n, y]) => [c, a, n, y, 1n, 2n]),
        BigInt(t.y),
        t.r,
        t.s,
      ]),
    ),
);

const elementsArb = fc
  .record({
    start: fc.bigInt({ min: 1000n, max: 1n << 40n }),
    epoch: fc.bigInt({ min: 1n, max: 1n << 40n }),
    blocks: fc.array(fc.record({ step: fc.boolean(), txs: fc.array(txArb, { maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 6,
    }),
  })
  .map(({ start, epoch, blocks }) => {
    let e = epoch;
    return blocks.map((b, i): SpanBatchElement => {
      if (i > 0 && b.step) e += 1n;
      return { timestamp: start + 2n * BigInt(i), epochNum: e, transactions: b.txs };
    });
  });

describe('span batch: property', () => {
  it('encode → decode → derive reproduces the blocks and transactions exactly', () => {
    fc.assert(
      fc.property(elementsArb, fc.boolean(), (elements, firstOriginChanged) => {
        const raw = buildRawSpanBatch(elements, {
          ...PARAMS,
          parentHash: new Uint8Array(32).fill(1),
          l1OriginHash: new Uint8Array(32).fill(2),
          firstOriginChanged,
        });
        const wire = encodeRawSpanBatch(raw);
        const decoded = decodeRawSpanBatch(wire);
        expect(equalBytes(encodeRawSpanBatch(decoded), wire)).toBe(true);
        expect(decoded.originBits.get(0)).toBe(firstOriginChanged);
        const derived = deriveSpanBatch(decoded, PARAMS);
        expect(derived.elements).toEqual(elements);
      }),
      { numRuns: 60 },
    );
  });
});

// ---- kona fixtures ----
const rawPath = fixturePath('kona-derive-batch-data', 'raw_span_batch.bin');
const hexPath = fixturePath('kona-derive-batch-data', 'batch.hex');

describe.runIf(rawPath)('kona fixture raw_span_batch.bin', () => {
  it('decodes then re-encodes byte for byte', () => {
    const data = new Uint8Array(readFileSync(rawPath!));
    const raw = decodeRawSpanBatch(data);
    expect(equalBytes(encodeRawSpanBatch(raw), data)).toBe(true);
    expect(deriveSpanBatch(raw, PARAMS).elements.length).toBe(raw.blockCount);
  });
});

describe.runIf(hexPath)('kona fixture batch.hex', () => {
  it('its span batch derives into blocks that rebuild the identical wire bytes', () => {
    const channel = hexToBytes(`0x${readFileSync(hexPath!, 'utf8').trim().replace(/^0x/, '')}`);
    const { decompressed } = readChannel(testConfig(), channel, 0n);
    const [item] = rlpDecodePrefix(decompressed.data, 0) as [Uint8Array, number];
    const content = item.subarray(1);
    const raw: RawSpanBatch = decodeRawSpanBatch(content);
    const derived = deriveSpanBatch(raw, PARAMS);
    const totalTxs = derived.elements.reduce((n, e) => n + e.transactions.length, 0);
    expect(totalTxs).toBe(raw.txs.totalTxCount);
    const rebuilt = buildRawSpanBatch(derived.elements, {
      ...PARAMS,
      parentHash: new Uint8Array([...raw.parentCheck, ...new Uint8Array(12)]),
      l1OriginHash: new Uint8Array([...raw.l1OriginCheck, ...new Uint8Array(12)]),
      firstOriginChanged: raw.originBits.get(0),
    });
    expect(equalBytes(encodeRawSpanBatch(rebuilt), content)).toBe(true);
  });

  it('rebuilt transactions are canonical for an independent decoder and their signatures recover', () => {
    const channel = hexToBytes(`0x${readFileSync(hexPath!, 'utf8').trim().replace(/^0x/, '')}`);
    const { decompressed } = readChannel(testConfig(), channel, 0n);
    const [item] = rlpDecodePrefix(decompressed.data, 0) as [Uint8Array, number];
    const derived = deriveSpanBatch(decodeRawSpanBatch(item.subarray(1)), PARAMS);
    const txs = derived.elements.flatMap((e) => e.transactions);
    const types = new Set<number>();
    for (const raw of txs.slice(0, 60)) {
      const tx = decodeTransaction(raw);
      types.add(tx.type);
      expect(equalBytes(encodeTransaction(tx), raw)).toBe(true);
      expect(recoverSender(tx, { lowS: false }).length).toBe(20);
    }
    expect(types.size).toBeGreaterThan(0);
  });
});

describe('BitList', () => {
  it('stores bit i at bit i%8 of byte len-1-i/8 (big-endian integer)', () => {
    const b = BitList.fromBits([true, false, false, false, false, false, false, false, false, true]);
    expect(b.bytes).toEqual(new Uint8Array([0b10, 0b1]));
  });
});

describe('span batch tx_data integer widths follow go-ethereum', () => {
  const prefix = `0x0064${check(1)}${check(2)}0100 01 00 00 ${'11'.repeat(64)}${'22'.repeat(20)}`;
  const raw = (txData: Uint8Array) =>
    decodeRawSpanBatch(hexToBytes(`${prefix}${Buffer.from(txData).toString('hex')} 01 01`.replaceAll(' ', '')));
  const huge = 1n << 300n;
  it('a 1559 value above 2^256 is kept (big.Int), as op-node keeps it', () => {
    const txData = new Uint8Array([2, ...rlpEncode([huge, 1n, 2n, new Uint8Array(0), []])]);
    expect(() => deriveSpanBatch(raw(txData), PARAMS)).not.toThrow();
  });
  it('a SetCode value above 2^256 is rejected (uint256)', () => {
    const txData = new Uint8Array([4, ...rlpEncode([huge, 1n, 2n, new Uint8Array(0), [], []])]);
    expect(() => deriveSpanBatch(raw(txData), PARAMS)).toThrow(/more than 32 bytes/);
  });
});
