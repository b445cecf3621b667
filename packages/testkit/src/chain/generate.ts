/**
 * A deterministic end-to-end chain for the fault-proof demo and tests. A simulated sequencer
 * builds L2 blocks (payload attributes from derive, execution by executor's `buildBlock`), a
 * simulated batcher posts them to L1 as two frames of a zlib channel each (singular batches as
 * calldata; the next L1 block holds back; then one span batch over both held epochs in a blob),
 * and a user deposits through the portal. Then the L2 chain is derived from scratch out of that L1 chain with derive's
 * `runDerivation` + `buildBlock` — exactly what the client will do — and must come out
 * identical. The result is every pre-image the client needs plus its boot info. Some L2 blocks
 * also call the ecrecover precompile, which the client answers through the host (key type 6),
 * so the store holds precompile results too.
 */
import {
  buildPayloadAttributes,
  buildRawSpanBatch,
  deriveUserDeposits,
  encodeBatch,
  encodeBatcherData,
  encodeBlobData,
  type Frame,
  genesisSystemConfig,
  runDerivation,
  type SingularBatch,
  updateSystemConfig,
} from '@faultline/derive';
import { precompileTable } from '@faultline/evm';
import { keccakKey, keccakKeyOf, precompileKey } from '@faultline/preimage';
import {
  BaseError,
  bigIntToBytes,
  bytesToHex,
  concatBytes,
  createAddress,
  equalBytes,
  hexToBytes,
  keccak256,
  padLeft,
  rlpEncode,
  utf8ToBytes,
} from '@faultline/primitives';
import {
  decodeL1Info,
  decodeTransaction,
  type Eip1559Transaction,
  type Eip4844Transaction,
  encodeHeader,
  encodeOutputV0,
  encodeTransaction,
  isOpHardforkActivationBlock,
  isOpHardforkActive,
  type Log,
  type OpPayloadAttributes,
  parseChainConfig,
  parseRollupConfig,
  type RollupConfig,
  signingHash,
} from '@faultline/protocol';
import { orderedTrie } from '@faultline/trie';
import { zlibSync } from 'fflate';
import { blobCommitment, blobVersionedHash, putBlobPreimages } from './blobs.js';
import { type ForkBlocks, forkBlocks, KARST_DEMO_DEPLOYER, karstDemoBundle, systemConfigUpdateLogs } from './forks.js';
import {
  type ConfigInput,
  chainConfigJson,
  L1_BLOCK_TIME,
  L2_BLOCK_TIME,
  l2Genesis,
  rollupConfigJson,
} from './genesis.js';
import { signHash, type TestAccount, testAccount } from './keys.js';
import { type GeneratedBlob, GeneratedL1Chain, type L1TxWithLogs } from './l1-chain.js';
import { type GeneratedL2Block, L2Builder } from './l2-builder.js';

export const CUSTOM_CHAIN_ID = 0xffff_ffff_ffff_ffffn;
const L1_CHAIN_ID = 900n;
const L2_CHAIN_ID = 901n;
const L1_GENESIS_NUMBER = 100n;
const GENESIS_TIME = 1_700_000_000n;
const L2_PER_L1 = Number(L1_BLOCK_TIME / L2_BLOCK_TIME);
/** deposits.md: TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData). */
const DEPOSIT_TOPIC = keccak256(utf8ToBytes('TransactionDeposited(address,address,uint256,bytes)'));
const GWEI = 1_000_000_000n;
/**
 * Batcher schedule over L1 blocks j = 1, 2, …: phase 1 posts singular batches as calldata,
 * phase 2 holds its epoch back, phase 0 posts one span batch over two epochs in a blob.
 */
const POST_CYCLE = 3;
const SINGULAR_PHASE = 1;
const HOLD_PHASE = 2;
const BLOB_PHASE = 0;
/** Each blob is 8193 pre-images (commitment + 4096 keyed field elements): keep long chains' stores small. */
const MAX_BLOBS = 3;
const ETHER = 10n ** 18n;
const a = (b: number) => new Uint8Array(20).fill(b);
/**
 * ecrecover (0x01), one of op-program's accelerated precompiles: every fourth L2 block (2, 6,
 * 10, …) calls it directly, and the client asks the host for the result (`l1-precompile-v2`).
 */
const ECRECOVER = Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 1 : 0));
const ECRECOVER_GAS = 3000;
const ECRECOVER_EVERY = 4;
const ECRECOVER_PHASE = 2;
const ADDRESSES = { batchInbox: a(0xff).fill(0, 0, 1), portal: a(0xd0), systemConfig: a(0x5c) };
/** Ecotone scalar version 1: blob base fee scalar 810949, base fee scalar 1368 (OP Mainnet's). */
const SCALAR = (() => {
  const s = new Uint8Array(32);
  s[0] = 1;
  s.set(bigIntToBytes(810949n, 4), 24);
  s.set(bigIntToBytes(1368n, 4), 28);
  return s;
})();

export interface ChainOptions {
  /** Number of L2 blocks after genesis (the claim block); at least 2. */
  blocks?: number;
  seed?: string;
  /** Post every third L1 block's channel in a blob, at most three (default true; needs c-kzg). */
  blobs?: boolean;
}

export interface ChainBootInfo {
  l1Head: Uint8Array;
  agreedL2Head: Uint8Array;
  agreedOutputRoot: Uint8Array;
  claimedOutputRoot: Uint8Array;
  claimBlockNumber: bigint;
  agreedBlockNumber: bigint;
  l2ChainId: bigint;
  chainConfigJson: Record<string, unknown>;
  rollupConfigJson: Record<string, unknown>;
}

export interface BatchSummary {
  l1Block: bigint;
  kind: 'singular' | 'span';
  carrier: 'calldata' | 'blob';
  l2Blocks: bigint[];
  frames: number;
}

export interface GeneratedChain {
  seed: string;
  rollup: RollupConfig;
  l1: GeneratedL1Chain;
  l2: GeneratedL2Block[];
  batches: BatchSummary[];
  deposits: number;
  userTransactions: number;
  holoceneBlock: bigint;
  /** Where Holocene, Isthmus, Jovian and Karst activate (L2 block numbers). */
  forks: ForkBlocks;
  /** Non-local pre-images: key (0x-hex, 32 bytes) → value. */
  preimages: Map<string, Uint8Array>;
  boot: ChainBootInfo;
}

export class ChainGenerationError extends BaseError {
  override name = 'ChainGenerationError' as const;
}

function signL2Transfer(
  from: TestAccount,
  nonce: bigint,
  to: Uint8Array,
  value: bigint,
  data: Uint8Array = new Uint8Array(0),
  gasLimit = 21_000n,
): Uint8Array {
  const unsigned: Eip1559Transaction = {
    type: 0x02,
    chainId: L2_CHAIN_ID,
    nonce,
    maxPriorityFeePerGas: 1000n,
    maxFeePerGas: 5n * GWEI,
    gasLimit,
    to,
    value,
    data,
    accessList: [],
    yParity: 0n,
    r: 0n,
    s: 0n,
  };
  return encodeTransaction({ ...unsigned, ...signHash(signingHash(unsigned), from.privateKey) });
}

function signL1Tx(from: TestAccount, nonce: bigint, to: Uint8Array, data: Uint8Array, value = 0n): Uint8Array {
  const unsigned: Eip1559Transaction = {
    type: 0x02,
    chainId: L1_CHAIN_ID,
    nonce,
    maxPriorityFeePerGas: GWEI,
    maxFeePerGas: 100n * GWEI,
    gasLimit: 1_000_000n,
    to,
    value,
    data,
    accessList: [],
    yParity: 0n,
    r: 0n,
    s: 0n,
  };
  return encodeTransaction({ ...unsigned, ...signHash(signingHash(unsigned), from.privateKey) });
}

function signBlobTx(from: TestAccount, nonce: bigint, blobVersionedHashes: Uint8Array[]): Uint8Array {
  const unsigned: Eip4844Transaction = {
    type: 0x03,
    chainId: L1_CHAIN_ID,
    nonce,
    maxPriorityFeePerGas: GWEI,
    maxFeePerGas: 100n * GWEI,
    gasLimit: 100_000n,
    to: ADDRESSES.batchInbox,
    value: 0n,
    data: new Uint8Array(0),
    accessList: [],
    maxFeePerBlobGas: GWEI,
    blobVersionedHashes,
    yParity: 0n,
    r: 0n,
    s: 0n,
  };
  return encodeTransaction({ ...unsigned, ...signHash(signingHash(unsigned), from.privateKey) });
}

/**
 * A call to ecrecover with a valid signature by `from` (input: hash, v, r, s as 32-byte words),
 * and the pre-images a host stores for it (op-program `prefetcher.go`): the call bytes
 * `address ++ u64 requiredGas ++ input` under their keccak key, and `status ++ output` under
 * the precompile key.
 */
function ecrecoverCall(
  from: TestAccount,
  nonce: bigint,
  label: string,
): { tx: Uint8Array; preimages: [Uint8Array, Uint8Array][] } {
  const hash = keccak256(utf8ToBytes(label));
  const sig = signHash(hash, from.privateKey);
  const input = concatBytes(
    hash,
    bigIntToBytes(27n + sig.yParity, 32),
    bigIntToBytes(sig.r, 32),
    bigIntToBytes(sig.s, 32),
  );
  const result = precompileTable('Cancun').get(bytesToHex(ECRECOVER))!.run(input, ECRECOVER_GAS);
  if (result.status !== 'success') throw new ChainGenerationError('ecrecover failed on a valid signature');
  const call = concatBytes(ECRECOVER, bigIntToBytes(BigInt(ECRECOVER_GAS), 8), input);
  return {
    tx: signL2Transfer(from, nonce, ECRECOVER, 0n, input, 60_000n),
    preimages: [
      [keccakKeyOf(call), call],
      [precompileKey(ECRECOVER, ECRECOVER_GAS, input), concatBytes(Uint8Array.of(1), result.output)],
    ],
  };
}

/** The portal's TransactionDeposited log (version 0 opaque data: mint, value, gas, isCreation, data). */
function depositLog(from: Uint8Array, to: Uint8Array, mint: bigint, value: bigint, gas: bigint): Log {
  const opaque = concatBytes(
    bigIntToBytes(mint, 32),
    bigIntToBytes(value, 32),
    bigIntToBytes(gas, 8),
    new Uint8Array(1),
  );
  const padded = new Uint8Array(Math.ceil(opaque.length / 32) * 32);
  padded.set(opaque);
  return {
    address: ADDRESSES.portal,
    topics: [DEPOSIT_TOPIC, padLeft(from, 32), padLeft(to, 32), new Uint8Array(32)],
    data: concatBytes(bigIntToBytes(32n, 32), bigIntToBytes(BigInt(opaque.length), 32), padded),
  };
}

const userTxsOf = (b: GeneratedL2Block) => b.transactions.filter((t) => t[0] !== 0x7e);

/**
 * The zlib channel of `blocks` (derivation.md "Channel Format"): one singular batch per block, or
 * one span batch (span-batches.md) whose checks point at `parent` and the last block's origin.
 */
function channelOf(
  kind: BatchSummary['kind'],
  blocks: readonly GeneratedL2Block[],
  parent: GeneratedL2Block,
  rollup: RollupConfig,
): Uint8Array {
  if (kind === 'singular') {
    const items = blocks.map((b) => {
      const batch: SingularBatch = {
        parentHash: b.header.parentHash,
        epochNum: b.ref.l1Origin.number,
        epochHash: b.ref.l1Origin.hash,
        timestamp: b.header.timestamp,
        transactions: userTxsOf(b),
      };
      return rlpEncode(encodeBatch({ type: 0, batch }));
    });
    return zlibSync(concatBytes(...items));
  }
  const first = blocks[0]!;
  const raw = buildRawSpanBatch(
    blocks.map((b) => ({ timestamp: b.header.timestamp, epochNum: b.ref.l1Origin.number, transactions: userTxsOf(b) })),
    {
      blockTime: rollup.blockTime,
      l2GenesisTime: rollup.genesis.l2Time,
      l2ChainId: rollup.l2ChainId,
      parentHash: parent.hash,
      l1OriginHash: blocks.at(-1)!.ref.l1Origin.hash,
      firstOriginChanged: !equalBytes(parent.ref.l1Origin.hash, first.ref.l1Origin.hash),
    },
  );
  return zlibSync(rlpEncode(encodeBatch({ type: 1, batch: raw })));
}

/** `count` frames (as even as possible) of one channel. */
function framesOf(channelId: Uint8Array, data: Uint8Array, count: number): Frame[] {
  const size = Math.ceil(data.length / count);
  return Array.from({ length: count }, (_, i) => ({
    channelId,
    number: i,
    data: data.subarray(i * size, Math.min(data.length, (i + 1) * size)),
    isLast: i === count - 1,
  }));
}

export function generateChain(options: ChainOptions = {}): GeneratedChain {
  const blocks = options.blocks ?? 12;
  const seed = options.seed ?? 'faultline';
  if (!Number.isInteger(blocks) || blocks < 2 || blocks > 600) {
    throw new ChainGenerationError(`blocks: expected an integer in 2..600, got ${blocks}`);
  }
  const batcher = testAccount(seed, 'batcher');
  const depositor = testAccount(seed, 'l1-depositor');
  const systemConfigOwner = testAccount(seed, 'system-config-owner');
  const users = [testAccount(seed, 'alice'), testAccount(seed, 'bob')];
  const depositRecipient = testAccount(seed, 'carol');
  const forks = forkBlocks(blocks);
  const holoceneBlock = forks.holocene;
  const forkTime = (n: bigint) => GENESIS_TIME + n * L2_BLOCK_TIME;

  const genesis = l2Genesis(
    users.map((u) => u.address),
    GENESIS_TIME,
  );
  const l1 = new GeneratedL1Chain(L1_GENESIS_NUMBER, GENESIS_TIME, L1_BLOCK_TIME);
  const l1Genesis = l1.append([]);
  const configInput: ConfigInput = {
    l1ChainId: L1_CHAIN_ID,
    l2ChainId: L2_CHAIN_ID,
    l1Genesis: { hash: l1Genesis.hash, number: L1_GENESIS_NUMBER },
    l2Genesis: { hash: genesis.hash, time: GENESIS_TIME },
    forkTimes: {
      holocene: forkTime(forks.holocene),
      isthmus: forkTime(forks.isthmus),
      jovian: forkTime(forks.jovian),
      karst: forkTime(forks.karst),
    },
    karstBundle: karstDemoBundle(createAddress(hexToBytes(KARST_DEMO_DEPLOYER), 0n)),
    batcher: batcher.address,
    addresses: ADDRESSES,
    scalar: SCALAR,
  };
  const chainJson = chainConfigJson(configInput);
  const rollupJson = rollupConfigJson(configInput);
  // Parse the JSON the client will parse, so both sides share one config.
  const rollup = parseRollupConfig(rollupJson, parseChainConfig(chainJson).optimism);
  const systemConfig = genesisSystemConfig(rollup);
  /** The sequencer's view of the system config: updated by each epoch's L1 receipts, as derivation does. */
  let sequencerConfig = systemConfig;
  // Jovian and Karst activation blocks carry deposits only (jovian/derivation.md).
  const depositsOnly = (t: bigint) =>
    (['jovian', 'karst'] as const).some((f) => isOpHardforkActivationBlock(rollup.hardforks, f, t, rollup.blockTime));

  // ---- sequencer + batcher ----
  const sequencer = new L2Builder(rollup, genesis);
  const nonces = new Map<string, bigint>();
  const nextNonce = (acc: TestAccount) => {
    const n = nonces.get(acc.label) ?? 0n;
    nonces.set(acc.label, n + 1n);
    return n;
  };
  const batches: BatchSummary[] = [];
  let userTransactions = 0;
  let deposits = 0;
  const lastEpoch = Math.floor(blocks / L2_PER_L1);
  /** Built L2 blocks not yet posted to L1. */
  let pending: GeneratedL2Block[] = [];
  let blobPosts = 0;
  const precompilePreimages: [Uint8Array, Uint8Array][] = [];
  for (let epoch = 0; epoch <= lastEpoch; epoch++) {
    const origin = l1.blocks[epoch]!;
    for (let seq = 0; seq < L2_PER_L1; seq++) {
      const n = epoch * L2_PER_L1 + seq;
      if (n === 0 || n > blocks) continue;
      const timestamp = GENESIS_TIME + BigInt(n) * L2_BLOCK_TIME;
      if (seq === 0 && epoch > 0) {
        const ecotone = isOpHardforkActive(rollup.hardforks, 'ecotone', origin.header.timestamp);
        const update = updateSystemConfig(sequencerConfig, origin.receipts, rollup.l1SystemConfigAddress, ecotone);
        if (update.errors[0]) throw update.errors[0];
        sequencerConfig = update.config;
      }
      const txs: Uint8Array[] = [];
      if (!depositsOnly(timestamp)) {
        if (n % 2 === 1) txs.push(signL2Transfer(users[0]!, nextNonce(users[0]!), users[1]!.address, ETHER / 100n));
        if (n % 3 === 0)
          txs.push(signL2Transfer(users[1]!, nextNonce(users[1]!), depositRecipient.address, ETHER / 1000n));
        if (n % ECRECOVER_EVERY === ECRECOVER_PHASE) {
          const call = ecrecoverCall(users[0]!, nextNonce(users[0]!), `${seed}/ecrecover/${n}`);
          txs.push(call.tx);
          precompilePreimages.push(...call.preimages);
        }
      }
      userTransactions += txs.length;
      const userDeposits =
        seq === 0 ? deriveUserDeposits(origin.receipts, rollup.depositContractAddress, origin.hash) : [];
      deposits += userDeposits.length;
      const attrs = buildPayloadAttributes({
        rollup,
        systemConfig: sequencerConfig,
        l1Origin: { hash: origin.hash, header: origin.header },
        sequenceNumber: BigInt(seq),
        timestamp,
        userDeposits,
        transactions: txs,
      });
      pending.push(
        sequencer.build(attrs, {
          l1Origin: { hash: origin.hash, number: origin.header.number },
          sequenceNumber: BigInt(seq),
        }),
      );
    }
    // The next L1 block: this epoch's batches (and, in the first one, a user deposit).
    const l1Txs: L1TxWithLogs[] = [];
    const blobs: GeneratedBlob[] = [];
    if (epoch === 0) {
      // The calldata is not decoded by anyone: derivation reads the portal's log, not the call.
      l1Txs.push({
        raw: signL1Tx(depositor, nextNonce(depositor), ADDRESSES.portal, depositRecipient.address, 2n * ETHER),
        logs: [depositLog(depositor.address, depositRecipient.address, 2n * ETHER, ETHER, 100_000n)],
      });
      // The system config owner sets an operator fee, Jovian's minimum base fee and DA scalar.
      l1Txs.push({
        raw: signL1Tx(systemConfigOwner, nextNonce(systemConfigOwner), ADDRESSES.systemConfig, new Uint8Array(0)),
        logs: systemConfigUpdateLogs(ADDRESSES.systemConfig),
      });
    }
    const j = epoch + 1;
    // L1 blocks j ≡ 2 (mod 3) post nothing: their epoch rides in the next post's span batch,
    // which then spans two L1 origins. The last L1 block posts whatever is left.
    const hold = j % POST_CYCLE === HOLD_PHASE && epoch !== lastEpoch;
    if (pending.length > 0 && !hold) {
      const epochBlocks = pending;
      pending = [];
      const channelId = keccak256(utf8ToBytes(`${seed}/channel/${j}`)).subarray(0, 16);
      const l2Numbers = epochBlocks.map((b) => b.header.number);
      const kind: BatchSummary['kind'] = j % POST_CYCLE === SINGULAR_PHASE ? 'singular' : 'span';
      const parent = sequencer.blocks[Number(epochBlocks[0]!.header.number) - 1]!;
      const channel = channelOf(kind, epochBlocks, parent, rollup);
      // Two frames per channel, posted as two calldata txs — or, every third L1 block, both in one blob.
      const frames = framesOf(channelId, channel, 2);
      const carrier: BatchSummary['carrier'] =
        options.blobs !== false && j % POST_CYCLE === BLOB_PHASE && blobPosts < MAX_BLOBS ? 'blob' : 'calldata';
      if (carrier === 'blob') {
        const blob = encodeBlobData(encodeBatcherData(frames));
        const commitment = blobCommitment(blob);
        const versionedHash = blobVersionedHash(commitment);
        blobs.push({ versionedHash, commitment, blob });
        blobPosts++;
        l1Txs.push({ raw: signBlobTx(batcher, nextNonce(batcher), [versionedHash]), logs: [] });
      } else {
        for (const f of frames) {
          l1Txs.push({
            raw: signL1Tx(batcher, nextNonce(batcher), ADDRESSES.batchInbox, encodeBatcherData([f])),
            logs: [],
          });
        }
      }
      batches.push({
        l1Block: L1_GENESIS_NUMBER + BigInt(j),
        kind,
        carrier,
        l2Blocks: l2Numbers,
        frames: frames.length,
      });
    }
    l1.append(l1Txs, blobs);
  }

  // ---- derivation from scratch: the chain the client will see ----
  const derived = new L2Builder(rollup, genesis);
  const result = runDerivation({
    rollup,
    l1Source: l1,
    l2SafeHead: derived.head.ref,
    systemConfig,
    targetBlockNumber: BigInt(blocks),
    executeAttributes: (attrs, parent) => {
      if (!equalBytes(parent.hash, derived.head.hash))
        throw new ChainGenerationError('derivation built on a non-head block');
      return { status: 'valid', hash: derived.build(attrs, originOf(attrs)).hash };
    },
  });
  if (result.stop !== 'target') {
    throw new ChainGenerationError(`derivation stopped at L2 block ${result.safeHead.number} (${result.stop})`);
  }
  for (const b of sequencer.blocks) {
    const d = derived.blocks[Number(b.header.number)];
    if (!d || !equalBytes(d.hash, b.hash)) {
      const got = d ? bytesToHex(d.hash) : 'nothing';
      throw new ChainGenerationError(
        `derived L2 block ${b.header.number} differs from the sequenced one: ${got}, sequenced ${bytesToHex(b.hash)}`,
      );
    }
  }
  const l2 = derived.blocks;
  const agreed = BigInt(Math.max(1, Math.floor(blocks / 4)));
  const boot: ChainBootInfo = {
    l1Head: l1.head.hash,
    agreedL2Head: l2[Number(agreed)]!.hash,
    agreedOutputRoot: l2[Number(agreed)]!.outputRoot,
    claimedOutputRoot: l2[blocks]!.outputRoot,
    claimBlockNumber: BigInt(blocks),
    agreedBlockNumber: agreed,
    l2ChainId: CUSTOM_CHAIN_ID,
    chainConfigJson: chainJson,
    rollupConfigJson: rollupJson,
  };
  return {
    seed,
    rollup,
    l1,
    l2,
    batches,
    deposits,
    userTransactions,
    holoceneBlock,
    forks,
    preimages: collectPreimages(l1, derived, precompilePreimages),
    boot,
  };
}

/** The L1 origin and sequence number a payload's L1-info deposit (always its first transaction) names. */
function originOf(attrs: OpPayloadAttributes): {
  l1Origin: { hash: Uint8Array; number: bigint };
  sequenceNumber: bigint;
} {
  const first = attrs.transactions[0];
  const tx = first === undefined ? undefined : decodeTransaction(first);
  if (tx?.type !== 0x7e) throw new ChainGenerationError('payload attributes without an L1-info deposit');
  const info = decodeL1Info(tx.data);
  return { l1Origin: { hash: info.blockHash, number: info.number }, sequenceNumber: info.sequenceNumber };
}

/**
 * Every pre-image the client can ask for, under its keccak key: L1 headers and the nodes of their
 * transactions/receipts tries; L2 headers, transactions tries, all state-trie nodes and code, and
 * each block's OutputV0 pre-image; plus the blob and precompile pre-images under their own keys.
 */
function collectPreimages(
  l1: GeneratedL1Chain,
  l2: L2Builder,
  extra: readonly [Uint8Array, Uint8Array][],
): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [key, value] of extra) out.set(bytesToHex(key), value);
  const put = (data: Uint8Array) => out.set(bytesToHex(keccakKeyOf(data)), data);
  // The empty trie's root node (RLP of the empty string), for lookups of empty lists.
  put(rlpEncode(new Uint8Array(0)));
  for (const b of l1.blocks) {
    put(encodeHeader(b.header));
    for (const node of b.trieNodes) put(node);
    for (const blob of b.blobs) putBlobPreimages(out, blob);
  }
  for (const b of l2.blocks) {
    put(encodeHeader(b.header));
    for (const [, node] of orderedTrie([...b.transactions]).commit().nodes) put(node);
    put(
      encodeOutputV0({
        stateRoot: b.header.stateRoot,
        messagePasserStorageRoot: b.messagePasserStorageRoot,
        blockHash: b.hash,
      }),
    );
  }
  for (const [hash, node] of l2.nodes.entries) out.set(bytesToHex(keccakKey(hexToBytes(hash))), node);
  for (const [hash, code] of l2.code.entries) out.set(bytesToHex(keccakKey(hexToBytes(hash))), code);
  return out;
}
