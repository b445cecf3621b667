import { keccakKey, keccakKeyOf } from '@faultline/preimage';
import { bytesToHex, createAddress, equalBytes, hexToBytes, keccak256 } from '@faultline/primitives';
import { decodeHeader, decodeOutputV0, decodeTransaction, headerHash, PREDEPLOYS } from '@faultline/protocol';
import { TrieState } from '@faultline/state';
import { describe, expect, it } from 'vitest';
import { DA_FOOTPRINT_GAS_SCALAR, KARST_DEMO_DEPLOYER, MIN_BASE_FEE } from './forks.js';
import { generateChain } from './generate.js';
import { testAccount } from './keys.js';
import { L1_BASE_FEE } from './l1-chain.js';

const sorted = (m: Map<string, Uint8Array>) => [...m].map(([k, v]) => `${k}=${bytesToHex(v)}`).sort();

describe('generateChain', () => {
  const a = generateChain({ blocks: 12, seed: 'one' });

  it('is deterministic: the same seed gives the same pre-images and output roots', () => {
    const b = generateChain({ blocks: 12, seed: 'one' });
    expect(sorted(b.preimages)).toEqual(sorted(a.preimages));
    expect(b.l2.map((x) => bytesToHex(x.outputRoot))).toEqual(a.l2.map((x) => bytesToHex(x.outputRoot)));
    expect(b.boot).toEqual(a.boot);
  });

  it('another seed gives another chain', () => {
    const c = generateChain({ blocks: 12, seed: 'two' });
    expect(equalBytes(c.boot.claimedOutputRoot, a.boot.claimedOutputRoot)).toBe(false);
  });

  it('every keccak-keyed pre-image sits under the keccak key of its value', () => {
    for (const [key, value] of a.preimages)
      if (key.startsWith('0x02')) expect(key).toBe(bytesToHex(keccakKeyOf(value)));
  });

  it('the claimed output root opens to the claim block, whose header is stored and links to genesis', () => {
    const claim = a.boot.claimedOutputRoot;
    const openedOutput = [...a.preimages.values()].find((v) => equalBytes(keccak256(v), claim));
    expect(openedOutput).toBeDefined();
    let hash = decodeOutputV0(openedOutput!).blockHash;
    for (let n = Number(a.boot.claimBlockNumber); n >= 0; n--) {
      const raw = [...a.preimages.values()].find((v) => equalBytes(keccak256(v), hash));
      expect(raw, `L2 header ${n}`).toBeDefined();
      const header = decodeHeader(raw!);
      expect(header.number).toBe(BigInt(n));
      expect(headerHash(header)).toEqual(hash);
      hash = header.parentHash;
    }
  });

  it('batches use both batch types and the deposit reaches the L2 block of its epoch', () => {
    expect(new Set(a.batches.map((b) => b.kind))).toEqual(new Set(['singular', 'span']));
    expect(a.batches.some((b) => b.frames > 1)).toBe(true);
    // L1 block 101 holds the deposit; L2 block 6 is the first of epoch 101 (and Isthmus's
    // activation block: L1-info, the user deposit, then Isthmus's eight upgrade deposits).
    const deposits = a.l2[6]!.transactions.map(decodeTransaction).filter((t) => t.type === 0x7e);
    expect(deposits.length).toBe(1 + 1 + 8);
    expect(deposits.filter((d) => d.type === 0x7e && d.mint === 2n * 10n ** 18n)).toHaveLength(1);
    expect(a.l2[5]!.transactions.map(decodeTransaction).filter((t) => t.type === 0x7e).length).toBe(1);
  });

  it('Holocene activates mid-chain: EIP-1559 parameters appear in extraData from its block on', () => {
    const h = Number(a.holoceneBlock);
    expect(a.l2[h - 1]!.header.extraData.length).toBe(0);
    expect(a.l2[h]!.header.extraData.length).toBe(9);
  });

  it('boot info: agreed block before the claim block, L1 head is the last L1 block', () => {
    expect(a.boot.agreedBlockNumber).toBeLessThan(a.boot.claimBlockNumber);
    expect(a.boot.l1Head).toEqual(a.l1.head.hash);
    expect(hexToBytes(a.boot.rollupConfigJson.batch_inbox_address as string).length).toBe(20);
  });

  it('the claim block state (read from the pre-images alone) shows the predeploy code and the deposit at work', () => {
    const head = a.l2.at(-1)!;
    const nodes = { get: (h: Uint8Array) => a.preimages.get(bytesToHex(keccakKey(h))) };
    const state = new TrieState({ root: head.header.stateRoot, nodes, code: nodes });
    // L1Block's setL1BlockValuesEcotone ran (code deployed from the upgrade init code): basefee slot 1, blob base fee slot 7.
    expect(state.getStorage(bytesToHex(PREDEPLOYS.l1Block), 1n)).toBe(L1_BASE_FEE);
    expect(state.getStorage(bytesToHex(PREDEPLOYS.l1Block), 7n)).toBe(1n);
    // The deposit's 1 ETH value reached its recipient, who also got bob's transfers.
    const carol = state.getAccount(bytesToHex(testAccount('one', 'carol').address));
    expect(carol?.balance).toBe(10n ** 18n + 4n * 10n ** 15n);
    // Fees were paid: the L1 fee vault collected the L1 data fee of the user transactions.
    expect(state.getAccount(bytesToHex(PREDEPLOYS.l1FeeVault))!.balance).toBeGreaterThan(0n);
  });

  it('the third L1 block after genesis carries a two-origin span batch in a blob, and its pre-images are stored', () => {
    const post = a.batches.find((b) => b.l1Block === 103n);
    expect(post?.carrier).toBe('blob');
    expect(post?.kind).toBe('span');
    const origins = new Set(post!.l2Blocks.map((n) => a.l2[Number(n)]!.ref.l1Origin.number));
    expect([...origins]).toEqual([101n, 102n]);
    expect(a.batches.some((b) => b.l1Block === 102n)).toBe(false);
    const blob = a.l1.blocks[3]!.blobs[0]!;
    expect([...a.preimages.keys()].filter((k) => k.startsWith('0x05')).length).toBe(4096);
    expect(a.preimages.get(bytesToHex(new Uint8Array([0x04, ...blob.versionedHash.subarray(1)])))).toEqual(
      blob.commitment,
    );
  });

  it('every fourth L2 block calls ecrecover; result and call are stored as a host stores them', () => {
    const alice = testAccount('one', 'alice').address;
    const results = [...a.preimages].filter(([k]) => k.startsWith('0x06'));
    // L2 blocks 2 and 6; block 10 activates Karst and carries deposits only.
    expect(results).toHaveLength(2);
    for (const [key, value] of results) {
      // status 1, then the recovered signer as a 32-byte word
      expect(bytesToHex(value)).toBe(`0x01${'00'.repeat(12)}${bytesToHex(alice).slice(2)}`);
      const call = a.preimages.get(bytesToHex(keccakKey(hexToBytes(key))));
      expect(call?.subarray(0, 28)).toEqual(Uint8Array.of(...new Array(19).fill(0), 1, 0, 0, 0, 0, 0, 0, 0x0b, 0xb8));
    }
    const calls = a.l2[6]!.transactions.map(decodeTransaction).filter((t) => t.type === 0x02 && t.to?.[19] === 1);
    expect(calls).toHaveLength(1);
  });

  it('rejects a block count out of range', () => {
    expect(() => generateChain({ blocks: 1 })).toThrow('blocks: expected an integer in 2..600, got 1');
  });
});

describe('generateChain across Isthmus, Jovian and Karst', () => {
  const c = generateChain({ blocks: 12, seed: 'forks' });
  const { isthmus, jovian, karst } = c.forks;
  const block = (n: bigint) => c.l2[Number(n)]!;
  const userTxs = (n: bigint) => block(n).transactions.filter((t) => t[0] !== 0x7e);
  const state = () => {
    const nodes = { get: (h: Uint8Array) => c.preimages.get(bytesToHex(keccakKey(h))) };
    return new TrieState({ root: c.l2.at(-1)!.header.stateRoot, nodes, code: nodes });
  };

  it('activates them after the agreed block, so the client crosses every boundary', () => {
    expect([c.forks.holocene, isthmus, jovian, karst]).toEqual([4n, 6n, 8n, 10n]);
    expect(c.boot.agreedBlockNumber).toBeLessThan(c.forks.holocene);
  });

  it('Jovian: deposits-only activation block, extraData v1 with the minimum base fee, which then binds', () => {
    expect(userTxs(jovian)).toEqual([]);
    expect(block(jovian - 1n).header.extraData.length).toBe(9);
    expect(block(jovian).header.extraData.length).toBe(17);
    expect(block(jovian).header.baseFeePerGas!).toBeLessThan(MIN_BASE_FEE); // the activation block: Holocene rule
    expect(block(jovian + 1n).header.baseFeePerGas).toBe(MIN_BASE_FEE); // clamped up from below
  });

  it('Jovian: a DA footprint larger than the gas used, in blobGasUsed', () => {
    const h = block(jovian + 1n).header;
    expect(userTxs(jovian + 1n).length).toBe(2);
    expect(h.blobGasUsed).toBe(2n * 100n * DA_FOOTPRINT_GAS_SCALAR); // two transfers at the 100-byte floor
    expect(h.blobGasUsed!).toBeGreaterThan(h.gasUsed);
    // The L1Block stores the scalar the L1-info deposit carried (slot 8, bytes 18..20).
    expect((state().getStorage(bytesToHex(PREDEPLOYS.l1Block), 8n) >> 96n) & 0xffffn).toBe(DA_FOOTPRINT_GAS_SCALAR);
  });

  it("Karst: the bundle's gas raises only the activation block's gas limit, and CLZ runs in it", () => {
    expect(userTxs(karst)).toEqual([]);
    expect(block(karst).header.gasLimit).toBe(block(karst - 1n).header.gasLimit + 300_000n);
    expect(block(karst + 1n).header.gasLimit).toBe(block(karst - 1n).header.gasLimit);
    const clz = bytesToHex(createAddress(hexToBytes(KARST_DEMO_DEPLOYER), 0n));
    expect(state().getStorage(clz, 0n)).toBe(247n); // CLZ(0x100)
  });

  it('Isthmus and Jovian upgrades ran through the proxies: the operator fee vault collected fees', () => {
    expect(state().getAccount(bytesToHex(PREDEPLOYS.operatorFeeVault))!.balance).toBeGreaterThan(0n);
    expect(block(isthmus).transactions.length).toBeGreaterThan(8);
  });
});
