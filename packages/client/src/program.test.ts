import { keccakKey, PreimageMismatchError } from '@faultline/preimage';
import { bytesToHex } from '@faultline/primitives';
import { UnsupportedHardforkError } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { checkClaim, describeOutcome, exitCodeOf } from './claim.js';
import { UnsupportedError } from './errors.js';
import { clientProgram, runProgram } from './program.js';
import { putHeader, putL2Block, type TestL2Block, testHeader } from './test-chain.js';
import { serveFromStore, TestPreimageStore } from './test-host.js';

const L1_HEAD = new Uint8Array(32).fill(0x11);

function boot(store: TestPreimageStore, agreed: Uint8Array, claim: Uint8Array, claimBlock: bigint) {
  return store.setLocal(1, L1_HEAD).setLocal(2, agreed).setLocal(3, claim).setLocal(4, claimBlock).setLocal(5, 10n);
}

/** Blocks 1..3 linked by parent hash, agreed at 3. */
function chain(store: TestPreimageStore): TestL2Block[] {
  const b1 = putL2Block(store, 1n);
  const b2 = putL2Block(store, 2n, { parentHash: b1.hash });
  const b3 = putL2Block(store, 3n, { parentHash: b2.hash });
  return [b1, b2, b3];
}

describe('checkClaim', () => {
  it('is valid only for equal roots and maps to exit codes 0 / 1', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(checkClaim(a, a.slice())).toEqual({ kind: 'valid' });
    const bad = checkClaim(a, b);
    expect(bad).toEqual({ kind: 'invalid', computed: a, claimed: b });
    expect(exitCodeOf({ kind: 'valid' })).toBe(0);
    expect(exitCodeOf(bad)).toBe(1);
    expect(describeOutcome(bad)).toBe(`claim invalid: computed output root ${bytesToHex(a)}, claimed ${bytesToHex(b)}`);
  });
});

describe('runProgram', () => {
  it('trace extension: agreed == claimed is valid after reading only the boot keys', () => {
    const store = new TestPreimageStore();
    const root = new Uint8Array(32).fill(9);
    boot(store, root, root, 1_000_000n);
    expect(runProgram(serveFromStore(store))).toEqual({ kind: 'valid' });
    expect(store.hints()).toEqual([]);
    expect(store.gets()).toHaveLength(5);
  });

  it('recomputes the agreed block output from its state: a tampered claim at that block is invalid', () => {
    const store = new TestPreimageStore();
    const [, , b3] = chain(store);
    const tampered = b3!.outputRoot.slice();
    tampered[31]! ^= 1;
    boot(store, b3!.outputRoot, tampered, 3n);
    expect(runProgram(serveFromStore(store))).toEqual({ kind: 'invalid', computed: b3!.outputRoot, claimed: tampered });
    expect(store.hints()[0]).toBe(`l2-output ${bytesToHex(b3!.outputRoot)}`);
    expect(store.hints().some((h) => h.startsWith('l2-state-node '))).toBe(true);
  });

  it('a claim below the agreed block is checked at that block (op-program min rule): right root valid, other invalid', () => {
    const store = new TestPreimageStore();
    const [b1, b2, b3] = chain(store);
    boot(store, b3!.outputRoot, b1!.outputRoot, 1n);
    expect(runProgram(serveFromStore(store))).toEqual({ kind: 'valid' });
    const store2 = new TestPreimageStore();
    chain(store2);
    boot(store2, b3!.outputRoot, b2!.outputRoot, 1n);
    expect(runProgram(serveFromStore(store2)).kind).toBe('invalid');
  });

  it('a claim past the agreed block needs a deriver; with one, the safe head it reports bounds the check', () => {
    const store = new TestPreimageStore();
    const [, , b3] = chain(store);
    boot(store, b3!.outputRoot, new Uint8Array(32).fill(7), 10n);
    expect(() => runProgram(serveFromStore(store))).toThrow(UnsupportedError);
    expect(() => runProgram(serveFromStore(store))).toThrow(
      'claim block 10 is past the agreed block 3 and no derivation driver is wired',
    );
    // A deriver that finds no L1 data: the safe head stays at 3, so the claim is checked there.
    store.setLocal(1, putHeader(store, testHeader({ number: 100n })));
    let asked: bigint | undefined;
    const outcome = runProgram(serveFromStore(store), {
      deriver: (ctx) => ({
        deriveUntil: (target) => {
          asked = target;
          expect(ctx.l2.head().hash).toEqual(b3!.hash);
          expect(ctx.l1Chain.headBlock().number).toBe(100n);
          return ctx.l2.head().header.number;
        },
      }),
    });
    expect(asked).toBe(10n);
    expect(outcome).toEqual({ kind: 'invalid', computed: b3!.outputRoot, claimed: new Uint8Array(32).fill(7) });
  });

  it('a claim in Lagoon (OP Mainnet from 2027-01-11) is refused before any work with one line', () => {
    const store = new TestPreimageStore();
    const root = new Uint8Array(32).fill(9);
    // OP Mainnet: block = 105,235,063 + (time − 1,686,068,903) / 2; Lagoon at 1,799,683,201.
    const lagoonBlock = 105_235_063n + (1_799_683_201n - 1_686_068_903n) / 2n;
    boot(store, root, new Uint8Array(32).fill(8), lagoonBlock);
    expect(() => runProgram(serveFromStore(store))).toThrow(UnsupportedHardforkError);
    expect(() => runProgram(serveFromStore(store))).toThrow(
      'config: the lagoon hardfork is active at 1799683201; execution rules after karst are not implemented',
    );
    expect(store.hints()).toEqual([]);
    // One block earlier is Karst: no refusal (the trace extension then answers valid for equal roots).
    boot(store, root, root, lagoonBlock - 1n);
    expect(runProgram(serveFromStore(store))).toEqual({ kind: 'valid' });
  });

  it('a wrong pre-image is a fatal typed error, never a verdict', () => {
    const store = new TestPreimageStore();
    const [, , b3] = chain(store);
    boot(store, b3!.outputRoot, new Uint8Array(32).fill(7), 3n);
    // Replace the state root node with bytes that do not hash to it.
    store.set(keccakKey(b3!.header.stateRoot), new Uint8Array([0xc1, 0x80]));
    expect(() => runProgram(serveFromStore(store))).toThrow(PreimageMismatchError);
    expect(() => clientProgram(serveFromStore(store))).toThrow(/hashes to/);
  });

  it('a missing pre-image is fatal too', () => {
    const store = new TestPreimageStore();
    const [, , b3] = chain(store);
    boot(store, b3!.outputRoot, new Uint8Array(32).fill(7), 3n);
    store.values.delete(bytesToHex(keccakKey(b3!.hash)));
    expect(() => runProgram(serveFromStore(store))).toThrow(/channel closed/);
  });
});
