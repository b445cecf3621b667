/**
 * A small synthetic L1 chain for driver and attributes tests (not exported from index.ts): real
 * headers, batcher transactions carrying frames of channels built with this package's own
 * encoders, and TransactionDeposited / ConfigUpdate receipts. Hashes are real header hashes, so
 * parent links are checked exactly as with an oracle-backed source.
 */
import { bigIntToBytes, concatBytes, equalBytes, hexToBytes, padLeft, rlpEncode } from '@faultline/primitives';
import {
  type Eip1559Transaction,
  encodeTransaction,
  type Header,
  headerHash,
  type Log,
  type OpHardforkTimes,
  type Receipt,
  type RollupConfig,
} from '@faultline/protocol';
import { zlibSync } from 'fflate';
import { encodeBatch } from './batch.js';
import { encodeBlobData } from './blob.js';
import type { DerivationL1Source } from './driver.js';
import { encodeBatcherData } from './frame.js';
import type { L1TransactionInfo } from './l1-retrieval.js';
import type { L1Block } from './l1-traversal.js';
import type { SingularBatch } from './singular-batch.js';
import { buildRawSpanBatch, type SpanBatchElement } from './span-batch.js';
import { genesisSystemConfig } from './system-config.js';
import type { L1BlockRef } from './types.js';
import { DEPOSIT_EVENT_TOPIC } from './user-deposits.js';

const a = (hex: string) => hexToBytes(hex, 20);
export const BATCHER = a('0x00000000000000000000000000000000000ba7c4');
export const INBOX = a('0xff00000000000000000000000000000000000010');
export const PORTAL = a('0x00000000000000000000000000000000000de905');
export const SYSTEM_CONFIG = a('0x00000000000000000000000000000000005c0f16');
export const L1_GENESIS = 100;
export const L2_GENESIS_TIME = 1200n;
export const l1Time = (n: number) => L2_GENESIS_TIME + 12n * BigInt(n - L1_GENESIS);
/** Deterministic L2 block hash the fake executor returns. */
export const l2Hash = (n: bigint) => bigIntToBytes(0xa2a2n * 1000n + n, 32);

export function testRollup(hardforks: OpHardforkTimes, overrides: Partial<RollupConfig> = {}): RollupConfig {
  return {
    genesis: {
      l1: { hash: new Uint8Array(32), number: BigInt(L1_GENESIS) },
      l2: { hash: l2Hash(0n), number: 0n },
      l2Time: L2_GENESIS_TIME,
      systemConfig: {
        batcherAddress: BATCHER,
        overhead: bigIntToBytes(188n, 32),
        // Ecotone scalar version 1: blobBaseFeeScalar 810949, baseFeeScalar 1368.
        scalar: hexToBytes('0x010000000000000000000000000000000000000000000000000c5fc500000558'),
        gasLimit: 30_000_000n,
      },
    },
    blockTime: 2n,
    maxSequencerDrift: 600n,
    seqWindowSize: 4n,
    channelTimeout: 10n,
    graniteChannelTimeout: 10n,
    l1ChainId: 1n,
    l2ChainId: 10n,
    hardforks: { bedrock: 0n, ...hardforks },
    batchInboxAddress: INBOX,
    depositContractAddress: PORTAL,
    l1SystemConfigAddress: SYSTEM_CONFIG,
    eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
    ...overrides,
  };
}

/** A signature-shaped EIP-1559 L2 transaction (derivation never verifies signatures). */
export function l2Tx(nonce: bigint, chainId = 10n): Uint8Array {
  const tx: Eip1559Transaction = {
    type: 0x02,
    chainId,
    nonce,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 100n,
    gasLimit: 21_000n,
    to: a('0x00000000000000000000000000000000000000aa'),
    value: 1n,
    data: new Uint8Array(0),
    accessList: [],
    yParity: 1n,
    r: 0x1234n,
    s: 0x5678n,
  };
  return encodeTransaction(tx);
}

/** A TransactionDeposited log (deposits.md, version 0 opaque data). */
export function depositLog(from: Uint8Array, to: Uint8Array, mint: bigint, gas: bigint, data: Uint8Array): Log {
  const opaque = concatBytes(
    bigIntToBytes(mint, 32),
    bigIntToBytes(0n, 32),
    bigIntToBytes(gas, 8),
    new Uint8Array(1),
    data,
  );
  const padded = new Uint8Array(Math.ceil(opaque.length / 32) * 32);
  padded.set(opaque);
  return {
    address: PORTAL,
    topics: [DEPOSIT_EVENT_TOPIC, padLeft(from, 32), padLeft(to, 32), new Uint8Array(32)],
    data: concatBytes(bigIntToBytes(32n, 32), bigIntToBytes(BigInt(opaque.length), 32), padded),
  };
}

/** One compressed channel of batches (zlib, as derivation.md "Channel Format"). */
export function channelOf(items: Uint8Array[]): Uint8Array {
  return zlibSync(concatBytes(...items.map((b) => rlpEncode(b))));
}

export const singular = (b: SingularBatch) => encodeBatch({ type: 0, batch: b });

export function span(
  elements: SpanBatchElement[],
  parentHash: Uint8Array,
  l1OriginHash: Uint8Array,
  firstOriginChanged: boolean,
): Uint8Array {
  const raw = buildRawSpanBatch(elements, {
    blockTime: 2n,
    l2GenesisTime: L2_GENESIS_TIME,
    l2ChainId: 10n,
    parentHash,
    l1OriginHash,
    firstOriginChanged,
  });
  return encodeBatch({ type: 1, batch: raw });
}

/** Batcher calldata: one frame holding the whole channel. */
export function batcherTx(channelId: number, channel: Uint8Array, from = BATCHER): L1TransactionInfo {
  const frame = { channelId: new Uint8Array(16).fill(channelId), number: 0, data: channel, isLast: true };
  return { type: 2, to: INBOX, from, input: encodeBatcherData([frame]) };
}

interface BlockContent {
  txs?: L1TransactionInfo[];
  logs?: Log[];
  /** The block's blobs in block order (index = position among all the block's blobs). */
  blobs?: { versionedHash: Uint8Array; blob: Uint8Array }[];
}

/** A blob-carrying L1 transaction (type 3) whose blobs hold `channels`, one frame each. */
export function blobBatcherTx(
  channelIds: number[],
  channels: Uint8Array[],
  from = BATCHER,
): { tx: L1TransactionInfo; blobs: { versionedHash: Uint8Array; blob: Uint8Array }[] } {
  const blobs = channels.map((channel, i) => {
    const frame = { channelId: new Uint8Array(16).fill(channelIds[i]!), number: 0, data: channel, isLast: true };
    // A made-up versioned hash: derivation only uses it to ask the source for the blob.
    const versionedHash = new Uint8Array(32).fill(0x01);
    versionedHash[31] = channelIds[i]!;
    return { versionedHash, blob: encodeBlobData(encodeBatcherData([frame])) };
  });
  return {
    tx: { type: 3, to: INBOX, from, input: new Uint8Array(0), blobVersionedHashes: blobs.map((b) => b.versionedHash) },
    blobs,
  };
}

/** L1 blocks `L1_GENESIS..last`, 12 s apart, each with the given batcher txs and receipt logs. */
export class SyntheticL1 implements DerivationL1Source {
  readonly headers: Header[] = [];
  readonly hashes: Uint8Array[] = [];
  private readonly byHash = new Map<string, number>();
  headerReads = 0;

  constructor(
    last: number,
    private readonly content: Record<number, BlockContent> = {},
  ) {
    let parentHash: Uint8Array = new Uint8Array(32);
    for (let n = L1_GENESIS; n <= last; n++) {
      const header: Header = {
        parentHash,
        ommersHash: new Uint8Array(32),
        beneficiary: new Uint8Array(20),
        stateRoot: new Uint8Array(32),
        transactionsRoot: new Uint8Array(32),
        receiptsRoot: new Uint8Array(32),
        logsBloom: new Uint8Array(256),
        difficulty: 0n,
        number: BigInt(n),
        gasLimit: 30_000_000n,
        gasUsed: 0n,
        timestamp: l1Time(n),
        extraData: new Uint8Array(0),
        mixHash: new Uint8Array(32).fill(n & 0xff),
        nonce: new Uint8Array(8),
        baseFeePerGas: 7n + BigInt(n),
        withdrawalsRoot: new Uint8Array(32),
        blobGasUsed: 0n,
        excessBlobGas: 0n,
        parentBeaconBlockRoot: new Uint8Array(32).fill(0xb0 ^ (n & 0xff)),
      };
      const hash = headerHash(header);
      this.headers.push(header);
      this.hashes.push(hash);
      this.byHash.set(hash.join(), n);
      parentHash = hash;
    }
  }

  hash(n: number): Uint8Array {
    return this.hashes[n - L1_GENESIS]!;
  }

  block(n: number): L1Block {
    const h = this.headers[n - L1_GENESIS]!;
    return { hash: this.hash(n), number: h.number, timestamp: h.timestamp, parentHash: h.parentHash };
  }

  header(hash: Uint8Array): Header {
    this.headerReads++;
    const n = this.byHash.get(hash.join());
    if (n === undefined) throw new Error('unknown L1 block hash');
    return this.headers[n - L1_GENESIS]!;
  }

  nextBlock(block: L1BlockRef): L1Block | undefined {
    const n = Number(block.number) + 1;
    return n - L1_GENESIS < this.headers.length ? this.block(n) : undefined;
  }

  transactions(block: L1BlockRef): readonly L1TransactionInfo[] {
    return this.content[Number(block.number)]?.txs ?? [];
  }

  receipts(block: L1BlockRef): readonly Pick<Receipt, 'status' | 'logs'>[] {
    const logs = this.content[Number(block.number)]?.logs;
    return logs ? [{ status: true, logs }] : [];
  }

  blob(block: L1BlockRef, versionedHash: Uint8Array, index: number): Uint8Array {
    const entry = this.content[Number(block.number)]?.blobs?.[index];
    if (!entry || !equalBytes(entry.versionedHash, versionedHash))
      throw new Error(`no blob ${index} in ${block.number}`);
    return entry.blob;
  }
}

export { genesisSystemConfig };
