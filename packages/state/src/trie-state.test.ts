import { bigIntToBytes, bytesToHex, hexToBytes, KECCAK256_EMPTY, keccak256, utf8ToBytes } from '@faultline/primitives';
import { EMPTY_TRIE_ROOT, MemoryNodeStore, MissingNodeError, RecordingNodeSource, verifyProof } from '@faultline/trie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAccount, decodeStorageValue } from './account.js';
import { allocToDiff, stateFromAlloc } from './alloc.js';
import { MemoryCodeStore } from './code-source.js';
import { MissingCodeError } from './errors.js';
import { MemoryState } from './memory-state.js';
import { TrieState } from './trie-state.js';
import type { AccountDiff, StateDiff } from './types.js';

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const C = '0x00000000000000000000000000000000000000cc';
const CODE = hexToBytes('0x6001600055');
const CODE_HASH = keccak256(CODE);

function change(fields: Partial<AccountDiff> & { storage?: Map<bigint, bigint> }): AccountDiff {
  return {
    deleted: false,
    storageWiped: false,
    nonce: 0n,
    balance: 0n,
    codeHash: KECCAK256_EMPTY,
    storage: new Map(),
    ...fields,
  };
}

describe('TrieState', () => {
  it('starts empty with the empty root', () => {
    const state = new TrieState();
    expect(state.root()).toEqual(EMPTY_TRIE_ROOT);
    expect(state.getAccount(A)).toBeUndefined();
    expect(state.getStorage(A, 1n)).toBe(0n);
    expect(state.hasStorage(A)).toBe(false);
    expect(state.getCode(KECCAK256_EMPTY)).toEqual(new Uint8Array(0));
  });

  it('commits accounts, code and storage, and reads them back', () => {
    const state = new TrieState();
    state.commit(
      new Map([[A, change({ nonce: 1n, balance: 5n, codeHash: CODE_HASH, code: CODE, storage: new Map([[1n, 7n]]) })]]),
    );
    expect(state.getAccount(A)).toEqual({ nonce: 1n, balance: 5n, codeHash: CODE_HASH });
    expect(state.getCode(CODE_HASH)).toEqual(CODE);
    expect(state.getStorage(A, 1n)).toBe(7n);
    expect(state.getStorage(A, 2n)).toBe(0n);
    expect(state.hasStorage(A)).toBe(true);
    const reference = new MemoryState();
    reference.commit(
      new Map([[A, change({ nonce: 1n, balance: 5n, codeHash: CODE_HASH, code: CODE, storage: new Map([[1n, 7n]]) })]]),
    );
    expect(bytesToHex(state.root())).toBe(bytesToHex(reference.root()));
    expect(state.getStorageRoot(A)).toEqual(reference.storageRoot(A));
  });

  it('accepts mixed-case addresses as the same account', () => {
    const state = new TrieState();
    state.commit(new Map([[`0x${'AB'.repeat(20)}`, change({ balance: 1n })]]));
    expect(state.getAccount(`0x${'ab'.repeat(20)}`)?.balance).toBe(1n);
    expect(state.getAccount(`0x${'aB'.repeat(20)}`)?.balance).toBe(1n);
  });

  it('deletes accounts, wipes storage on re-creation, and deletes zeroed slots', () => {
    const state = stateFromAlloc({
      [A]: { balance: 1, storage: { '0x01': '0x02', '0x03': '0x04' } },
      [B]: { balance: 2 },
    });
    // Slot 1 zeroed: gone from the trie; slot 3 kept.
    state.commit(new Map([[A, change({ balance: 1n, storage: new Map([[1n, 0n]]) })]]));
    expect(state.getStorage(A, 1n)).toBe(0n);
    expect(state.getStorage(A, 3n)).toBe(4n);
    // Re-creation: the old slot 3 must vanish, the new slot 5 appear.
    state.commit(new Map([[A, change({ nonce: 1n, storageWiped: true, storage: new Map([[5n, 6n]]) })]]));
    expect(state.getStorage(A, 3n)).toBe(0n);
    expect(state.getStorage(A, 5n)).toBe(6n);
    state.commit(new Map([[B, change({ deleted: true })]]));
    expect(state.getAccount(B)).toBeUndefined();
    const expected = stateFromAlloc({ [A]: { nonce: 1, storage: { '0x05': '0x06' } } });
    expect(bytesToHex(state.root())).toBe(bytesToHex(expected.root()));
  });

  it('a deleted then re-created account starts with empty storage', () => {
    const state = stateFromAlloc({ [A]: { balance: 1, storage: { '0x01': '0x02' } } });
    state.commit(new Map([[A, change({ deleted: true })]]));
    state.commit(new Map([[A, change({ balance: 3n })]]));
    expect(state.getStorage(A, 1n)).toBe(0n);
    expect(state.hasStorage(A)).toBe(false);
    expect(bytesToHex(state.root())).toBe(bytesToHex(stateFromAlloc({ [A]: { balance: 3 } }).root()));
  });

  it('deleting an absent account is a no-op', () => {
    const state = stateFromAlloc({ [A]: { balance: 1 } });
    const root = state.root();
    state.commit(new Map([[B, change({ deleted: true })]]));
    expect(state.root()).toEqual(root);
  });

  it('reopens lazily from committed nodes and code', () => {
    const nodes = new MemoryNodeStore();
    const code = new MemoryCodeStore();
    const first = stateFromAlloc({
      [A]: { nonce: 1, balance: 100, code: '0x6001600055', storage: { '0x00': '0x01', '0xff': '0x1234' } },
      [B]: { balance: 7 },
    });
    const committed = first.commitNodes();
    nodes.putAll(committed.nodes);
    for (const [h, c] of committed.codes) code.put(h, c);
    expect(committed.codes).toHaveLength(1);

    const reopened = new TrieState({ root: committed.root, nodes, code });
    expect(reopened.root()).toEqual(committed.root);
    expect(reopened.getAccount(A)).toEqual({ nonce: 1n, balance: 100n, codeHash: CODE_HASH });
    expect(reopened.getCode(CODE_HASH)).toEqual(CODE);
    expect(reopened.getStorage(A, 0xffn)).toBe(0x1234n);
    expect(reopened.hasStorage(A)).toBe(true);
    expect(reopened.hasStorage(B)).toBe(false);

    // A second block on top of the reopened state, committed again, reopens again.
    reopened.commit(
      new Map([
        [
          A,
          change({
            nonce: 2n,
            balance: 90n,
            codeHash: CODE_HASH,
            storage: new Map([
              [0n, 0n],
              [1n, 9n],
            ]),
          }),
        ],
      ]),
    );
    reopened.commit(new Map([[C, change({ balance: 10n })]]));
    const second = reopened.commitNodes();
    nodes.putAll(second.nodes);
    expect(second.codes).toHaveLength(0);
    const third = new TrieState({ root: second.root, nodes, code });
    expect(third.getStorage(A, 0n)).toBe(0n);
    expect(third.getStorage(A, 1n)).toBe(9n);
    expect(third.getStorage(A, 0xffn)).toBe(0x1234n);
    expect(third.getAccount(C)?.balance).toBe(10n);
    const expected = stateFromAlloc({
      [A]: { nonce: 2, balance: 90, code: '0x6001600055', storage: { '0x01': '0x09', '0xff': '0x1234' } },
      [B]: { balance: 7 },
      [C]: { balance: 10 },
    });
    expect(bytesToHex(second.root)).toBe(bytesToHex(expected.root()));
  });

  it('commitDiff returns the new root with its nodes; a recorded witness replays the block', () => {
    const nodes = new MemoryNodeStore();
    const base = stateFromAlloc({
      [A]: {
        balance: 1,
        storage: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`0x${(i + 1).toString(16)}`, '0x01'])),
      },
      ...Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`0x${(i + 1).toString(16).padStart(40, '0')}`, { balance: i + 1 }]),
      ),
    }).commitNodes();
    nodes.putAll(base.nodes);
    const block: StateDiff = new Map([
      [
        A,
        change({
          balance: 2n,
          storage: new Map([
            [3n, 0n],
            [99n, 5n],
          ]),
        }),
      ],
      [B, change({ balance: 9n })],
    ]);

    const recorder = new RecordingNodeSource(nodes);
    const result = new TrieState({ root: base.root, nodes: recorder }).commitDiff(block);
    const reference = new TrieState({ root: base.root, nodes });
    reference.commit(block);
    expect(result.root).toEqual(reference.root());
    expect(result.nodes.length).toBeGreaterThan(0);

    // Only the recorded witness (the nodes the block touched) is needed to re-execute it.
    const witness = new MemoryNodeStore();
    witness.putAll(recorder.entries());
    expect(witness.size).toBeLessThan(nodes.size / 2);
    const replayed = new TrieState({ root: base.root, nodes: witness });
    replayed.getAccount(A);
    replayed.getAccount(B);
    replayed.getStorage(A, 3n);
    replayed.getStorage(A, 99n);
    expect(replayed.commitDiff(block).root).toEqual(result.root);
  });

  it('reports missing nodes and code with typed errors', () => {
    const committed = stateFromAlloc({ [A]: { code: '0x6001600055', storage: { '0x01': '0x01' } } }).commitNodes();
    const state = new TrieState({ root: committed.root, nodes: new MemoryNodeStore() });
    expect(() => state.getAccount(A)).toThrow(MissingNodeError);
    const nodes = new MemoryNodeStore();
    nodes.putAll(committed.nodes);
    const noCode = new TrieState({ root: committed.root, nodes });
    expect(() => noCode.getCode(CODE_HASH)).toThrow(MissingCodeError);
    expect(() => noCode.getCode(CODE_HASH)).toThrow(`state: missing code ${bytesToHex(CODE_HASH)}`);
  });

  it('answers BLOCKHASH through the callback', () => {
    const state = new TrieState({ blockHash: (n) => (n === 5n ? keccak256(utf8ToBytes('5')) : undefined) });
    expect(state.getBlockHash(5n)).toEqual(keccak256(utf8ToBytes('5')));
    expect(state.getBlockHash(6n)).toBeUndefined();
    expect(new TrieState().getBlockHash(1n)).toBeUndefined();
  });

  it('proves accounts and storage against its roots', () => {
    const state = stateFromAlloc({
      [A]: { balance: 1, storage: { '0x01': '0x02' } },
      [B]: { balance: 2 },
    });
    const root = state.root();
    const leaf = verifyProof(root, keccak256(hexToBytes(A)), state.proveAccount(A));
    expect(decodeAccount(leaf!).balance).toBe(1n);
    expect(verifyProof(root, keccak256(hexToBytes(C)), state.proveAccount(C))).toBeUndefined();
    const slotKey = keccak256(bigIntToBytes(1n, 32));
    const value = verifyProof(state.getStorageRoot(A), slotKey, state.proveStorage(A, 1n));
    expect(decodeStorageValue(value!)).toBe(2n);
  });
});

// Property: any sequence of diffs gives the same reads and root on TrieState (incremental,
// lazily reopened after each block) and on the from-scratch MemoryState.
const addresses = [A, B, C, '0x00000000000000000000000000000000000000dd'];
const diffArb: fc.Arbitrary<StateDiff> = fc
  .array(
    fc.record({
      address: fc.constantFrom(...addresses),
      deleted: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      storageWiped: fc.boolean(),
      nonce: fc.bigInt({ min: 0n, max: 5n }),
      balance: fc.bigInt({ min: 0n, max: 2n ** 80n }),
      withCode: fc.boolean(),
      storage: fc.array(
        fc.tuple(
          fc.bigInt({ min: 0n, max: 6n }),
          fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 256n - 1n })),
        ),
        {
          maxLength: 5,
        },
      ),
    }),
    { maxLength: 4 },
  )
  .map((entries) => {
    const diff = new Map<string, AccountDiff>();
    for (const e of entries) {
      diff.set(
        e.address,
        change({
          deleted: e.deleted,
          storageWiped: e.storageWiped,
          nonce: e.nonce,
          balance: e.balance,
          codeHash: e.withCode ? CODE_HASH : KECCAK256_EMPTY,
          ...(e.withCode ? { code: CODE } : {}),
          storage: new Map(e.storage),
        }),
      );
    }
    return diff;
  });

describe('TrieState agrees with MemoryState', () => {
  it('on random diff sequences, across commit/reopen', () => {
    fc.assert(
      fc.property(fc.array(diffArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (diffs, reopenEachBlock) => {
        const nodes = new MemoryNodeStore();
        const code = new MemoryCodeStore();
        let state = new TrieState({ nodes, code });
        const reference = new MemoryState();
        for (const diff of diffs) {
          state.commit(diff);
          reference.commit(diff);
          if (reopenEachBlock) {
            const c = state.commitNodes();
            nodes.putAll(c.nodes);
            for (const [h, b] of c.codes) code.put(h, b);
            state = new TrieState({ root: c.root, nodes, code });
          }
          for (const address of addresses) {
            expect(state.getAccount(address)).toEqual(reference.getAccount(address));
            expect(state.hasStorage(address)).toBe(reference.hasStorage(address));
            for (let slot = 0n; slot <= 6n; slot++) {
              expect(state.getStorage(address, slot)).toBe(reference.getStorage(address, slot));
            }
          }
          expect(bytesToHex(state.root())).toBe(bytesToHex(reference.root()));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('alloc', () => {
  it('normalises addresses and quantities and drops zero slots', () => {
    const diff = allocToDiff({
      AABBCCDDEEFF00112233445566778899AABBCCDD: {
        nonce: '0x01',
        balance: '100',
        storage: { '0x01': '0x00', '2': '0x03' },
      },
    });
    const entry = diff.get('0xaabbccddeeff00112233445566778899aabbccdd')!;
    expect(entry.nonce).toBe(1n);
    expect(entry.balance).toBe(100n);
    expect([...entry.storage]).toEqual([[2n, 3n]]);
    expect(entry.codeHash).toEqual(KECCAK256_EMPTY);
    expect('code' in entry).toBe(false);
    expect(() => allocToDiff({ '0x1234': {} })).toThrow('hex: expected 20 bytes, got 2');
  });
});
