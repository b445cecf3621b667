import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes, rlpEncode } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { HeaderError } from './errors.js';
import { decodeHeader, encodeHeader, headerHash } from './header.js';
import { headerFromJson } from './header-json.js';

function fixture(name: string) {
  const p = fixturePath(name, 'fixture.json');
  return p ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
}

const a = fixture('kona-exec-op-sepolia-26207960');
const b = fixture('kona-exec-op-sepolia-26207961');

describe.runIf(a && b)('header (real OP Sepolia blocks)', () => {
  it('hashes block 26207960 (the parent of the 26207961 fixture) to the hash kona expects', () => {
    const header = headerFromJson(b.parent_header);
    expect(bytesToHex(headerHash(header))).toBe(a.expected_block_hash);
  });

  it('round-trips through RLP and keeps the post-merge tail', () => {
    const header = headerFromJson(a.parent_header);
    const decoded = decodeHeader(encodeHeader(header));
    expect(decoded).toEqual(header);
    expect(decoded.parentBeaconBlockRoot).toBeDefined();
    expect(decoded.requestsHash).toBeUndefined();
  });
});

describe('header rules', () => {
  const base = {
    parentHash: new Uint8Array(32),
    ommersHash: new Uint8Array(32),
    beneficiary: new Uint8Array(20),
    stateRoot: new Uint8Array(32),
    transactionsRoot: new Uint8Array(32),
    receiptsRoot: new Uint8Array(32),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 1n,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 2n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
  };

  it('rejects an optional field without the ones before it', () => {
    expect(() => encodeHeader({ ...base, withdrawalsRoot: new Uint8Array(32) })).toThrow(
      'header: withdrawalsRoot is set but the earlier field baseFeePerGas is not',
    );
  });

  it('rejects a wrong-size hash when decoding', () => {
    const fields = Object.values(base).map((v) => v as Uint8Array | bigint);
    fields[0] = new Uint8Array(31);
    expect(() => decodeHeader(rlpEncode(fields))).toThrow(HeaderError);
    expect(() => decodeHeader(rlpEncode(fields))).toThrow('header: parentHash: expected 32 bytes, got 31');
  });

  it('rejects extraData longer than 32 bytes', () => {
    expect(() => decodeHeader(encodeHeader({ ...base, extraData: new Uint8Array(33) }))).toThrow(
      'header: extraData: expected at most 32 bytes, got 33',
    );
  });

  it('decodes a 15-field (pre-London) header', () => {
    const h = decodeHeader(encodeHeader(base));
    expect(h.baseFeePerGas).toBeUndefined();
    expect(h.number).toBe(1n);
  });

  it('headerFromJson names the bad field', () => {
    expect(() => headerFromJson({ ...a?.parent_header, stateRoot: '0x12' })).toThrow(/stateRoot/);
    expect(hexToBytes('0x00').length).toBe(1);
  });
});
