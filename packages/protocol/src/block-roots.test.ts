import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes, KECCAK256_RLP_EMPTY } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { receiptsRoot, transactionsRoot, withdrawalsRoot } from './block-roots.js';
import { headerFromJson } from './header-json.js';

const a = fixturePath('kona-exec-op-sepolia-26207960', 'fixture.json');
const b = fixturePath('kona-exec-op-sepolia-26207961', 'fixture.json');

describe('block list roots', () => {
  it.runIf(a && b)('the transactions of OP Sepolia block 26207960 hash to its header transactionsRoot', () => {
    const fa = JSON.parse(readFileSync(a!, 'utf8'));
    const fb = JSON.parse(readFileSync(b!, 'utf8'));
    const block = headerFromJson(fb.parent_header);
    const root = transactionsRoot((fa.executing_payload.transactions as string[]).map((t) => hexToBytes(t)));
    expect(bytesToHex(root)).toBe(bytesToHex(block.transactionsRoot));
  });

  it('empty lists have the empty trie root (the OP pre-Isthmus withdrawalsRoot)', () => {
    expect(withdrawalsRoot([])).toEqual(KECCAK256_RLP_EMPTY);
    expect(receiptsRoot([])).toEqual(KECCAK256_RLP_EMPTY);
    expect(transactionsRoot([])).toEqual(KECCAK256_RLP_EMPTY);
  });
});
