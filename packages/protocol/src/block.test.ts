import { readFileSync } from 'node:fs';
import { hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock } from './block.js';
import { transactionsRoot } from './block-roots.js';
import { headerFromJson } from './header-json.js';
import { decodeTransaction, encodeTransaction } from './transaction.js';

const a = fixturePath('kona-exec-op-sepolia-26207960', 'fixture.json');
const b = fixturePath('kona-exec-op-sepolia-26207961', 'fixture.json');

describe('block codec', () => {
  it.runIf(a && b)('round-trips OP Sepolia block 26207960 (header + its deposit, legacy and typed txs)', () => {
    const fa = JSON.parse(readFileSync(a!, 'utf8'));
    const fb = JSON.parse(readFileSync(b!, 'utf8'));
    const transactions = (fa.executing_payload.transactions as string[]).map((t) => hexToBytes(t));
    const block = { header: headerFromJson(fb.parent_header), transactions, ommers: [], withdrawals: [] };
    const decoded = decodeBlock(encodeBlock(block));
    expect(decoded).toEqual(block);
    expect(transactionsRoot(decoded.transactions)).toEqual(block.header.transactionsRoot);
  });

  it.runIf(a)('embeds a legacy transaction as a list and a typed one as a byte string', () => {
    const legacy = encodeTransaction({
      type: 0,
      nonce: 1n,
      gasPrice: 2n,
      gasLimit: 21_000n,
      to: new Uint8Array(20),
      value: 0n,
      data: new Uint8Array(0),
      v: 27n,
      r: 1n,
      s: 1n,
    });
    const deposit = encodeTransaction({
      type: 0x7e,
      sourceHash: new Uint8Array(32),
      from: new Uint8Array(20),
      to: null,
      mint: 0n,
      value: 0n,
      gasLimit: 1n,
      isSystemTx: false,
      data: new Uint8Array(0),
    });
    const header = headerFromJson(JSON.parse(readFileSync(a!, 'utf8')).parent_header);
    const enc = encodeBlock({ header, transactions: [legacy, deposit], ommers: [] });
    const decoded = decodeBlock(enc);
    expect(decoded.withdrawals).toBeUndefined();
    expect(decoded.transactions.map((t) => decodeTransaction(t).type)).toEqual([0, 0x7e]);
    // the legacy tx appears verbatim (a list), the deposit prefixed by a string header
    expect(Buffer.from(enc).indexOf(Buffer.from(legacy))).toBeGreaterThan(0);
    expect(() => decodeBlock(Uint8Array.of(0xc0))).toThrow('block: expected a list of 3 or 4 items');
  });
});
