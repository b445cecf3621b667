import { HINT_TYPES, keccakKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, keccak256, u64ToBytes } from '@faultline/primitives';
import { builtinChain } from '@faultline/protocol';
import { TrieState } from '@faultline/state';
import { describe, expect, it } from 'vitest';
import { L2Chain } from './l2-chain.js';
import { L2Oracle } from './l2-oracle.js';
import { putHeader, putL2Block, putOrderedTrie, testHeader } from './test-chain.js';
import { TestPreimageStore, testOracle } from './test-host.js';

const rollup = builtinChain(10n)!.rollup;
const CODE = new Uint8Array([0x60, 0x01, 0x60, 0x00, 0x55, 0x00]);

describe('L2Oracle', () => {
  it('reads the agreed output (l2-output hint, 128-byte OutputV0) and the header it names', () => {
    const store = new TestPreimageStore();
    const block = putL2Block(store, 100n);
    const l2 = new L2Oracle(testOracle(store));
    const output = l2.outputByRoot(block.outputRoot);
    expect(output.blockHash).toEqual(block.hash);
    expect(l2.headerByHash(output.blockHash)).toEqual(block.header);
    expect(store.log).toEqual([
      `hint l2-output ${bytesToHex(block.outputRoot)}`,
      `get ${bytesToHex(keccakKey(block.outputRoot))}`,
      `hint l2-block-header ${bytesToHex(block.hash)}`,
      `get ${bytesToHex(keccakKey(block.hash))}`,
    ]);
  });

  it('rejects an output pre-image that is not 128 bytes', () => {
    const store = new TestPreimageStore();
    const bad = store.putKeccak(new Uint8Array(96));
    expect(() => new L2Oracle(testOracle(store)).outputByRoot(keccak256(bad))).toThrow(
      /output root pre-image: expected 128 bytes, got 96/,
    );
  });

  it('reads transactions through the tx trie after l2-transactions', () => {
    const store = new TestPreimageStore();
    const txs = [1, 2, 3].map((i) => concatBytes(new Uint8Array([0x7e]), u64ToBytes(i)));
    const hash = putHeader(store, testHeader({ number: 9n, transactionsRoot: putOrderedTrie(store, txs) }));
    const l2 = new L2Oracle(testOracle(store));
    expect(l2.transactions(hash)).toEqual(txs);
    expect(store.hints()).toEqual([`l2-block-header ${bytesToHex(hash)}`, `l2-transactions ${bytesToHex(hash)}`]);
  });

  it('serves state nodes and code with an l2-state-node / l2-code hint before every get', () => {
    const store = new TestPreimageStore();
    const block = putL2Block(store, 7n, {
      alloc: { '0x00000000000000000000000000000000000000aa': { code: bytesToHex(CODE), balance: 5 } },
    });
    store.putKeccak(CODE);
    const l2 = new L2Oracle(testOracle(store));
    const state = new TrieState({ root: block.header.stateRoot, nodes: l2.stateNodes, code: l2.code });
    const account = state.getAccount('0x00000000000000000000000000000000000000aa')!;
    expect(account.balance).toBe(5n);
    expect(state.getCode(account.codeHash)).toEqual(CODE);
    const log = store.log;
    for (let i = 0; i < log.length; i += 2) {
      const hint = log[i]!;
      const get = log[i + 1]!;
      expect(hint).toMatch(new RegExp(`^hint (${HINT_TYPES.l2StateNode}|${HINT_TYPES.l2Code}) 0x`));
      // The get asks exactly the hinted hash as a keccak key.
      expect(get).toBe(`get 0x02${hint.split(' ')[2]!.slice(4)}`);
    }
    expect(store.hints().at(-1)).toBe(`l2-code ${bytesToHex(keccak256(CODE))}`);
    // A second state over the same oracle (the next block) reads from the caches: no traffic.
    const before = log.length;
    const again = new TrieState({ root: block.header.stateRoot, nodes: l2.stateNodes, code: l2.code });
    expect(again.getCode(again.getAccount('0x00000000000000000000000000000000000000aa')!.codeHash)).toEqual(CODE);
    expect(log.length).toBe(before);
  });
});

describe('L2Oracle payload witness hint', () => {
  it('sends l2-payload-witness with the parent hash and engine-API attributes as JSON', () => {
    const store = new TestPreimageStore();
    const l2 = new L2Oracle(testOracle(store));
    const parent = new Uint8Array(32).fill(9);
    l2.hintPayloadWitness(parent, {
      timestamp: 10n,
      prevRandao: new Uint8Array(32),
      suggestedFeeRecipient: new Uint8Array(20),
      transactions: [Uint8Array.of(0x7e)],
      noTxPool: true,
      gasLimit: 30_000_000n,
    });
    const [hint] = store.hints();
    expect(hint).toMatch(/^l2-payload-witness 0x/);
    const json = JSON.parse(Buffer.from(hint!.split(' ')[1]!.slice(2), 'hex').toString('utf8'));
    expect(json.parentBlockHash).toBe(bytesToHex(parent));
    expect(json.payloadAttributes).toMatchObject({ timestamp: '0xa', transactions: ['0x7e'], gasLimit: '0x1c9c380' });
  });
});

describe('L2Chain', () => {
  it('computes the output root of the agreed block from its state (message-passer storage root)', () => {
    const store = new TestPreimageStore();
    const block = putL2Block(store, 50n);
    const chain = new L2Chain(new L2Oracle(testOracle(store)), rollup, block.hash);
    expect(chain.head().header.number).toBe(50n);
    expect(chain.outputRootAt(50n)).toEqual(block.outputRoot);
  });

  it('walks parent hashes back to older blocks and checks their numbers', () => {
    const store = new TestPreimageStore();
    const b1 = putL2Block(store, 1n);
    const b2 = putL2Block(store, 2n, { parentHash: b1.hash });
    const b3 = putL2Block(store, 3n, { parentHash: b2.hash });
    const chain = new L2Chain(new L2Oracle(testOracle(store)), rollup, b3.hash);
    expect(chain.outputRootAt(1n)).toEqual(b1.outputRoot);
    expect(chain.blockByNumber(2n).hash).toEqual(b2.hash);
    expect(() => chain.blockByNumber(4n)).toThrow('L2 block 4 is past the head 3');
    const gap = putL2Block(store, 9n, { parentHash: b1.hash });
    const broken = new L2Chain(new L2Oracle(testOracle(store)), rollup, gap.hash);
    expect(() => broken.blockByNumber(7n)).toThrow(`L2 header ${bytesToHex(b1.hash)} has number 1, expected 8`);
  });
});
