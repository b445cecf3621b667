import { bigIntToBytes, concatBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { encodeBlobData } from './blob.js';
import { DeriveResetError } from './errors.js';
import type { L1TransactionInfo } from './l1-retrieval.js';
import { type L1Block, type L1ChainSource, L1Traversal } from './l1-traversal.js';
import { CONFIG_UPDATE_TOPIC, type SystemConfig, SystemConfigLogError } from './system-config.js';
import { testConfig } from './test-helpers.js';

const INBOX = new Uint8Array(20).fill(0xff);
const SYSCFG = new Uint8Array(20).fill(0x5c);
const BATCHER = new Uint8Array(20).fill(0xb1);
const NEW_BATCHER = new Uint8Array(20).fill(0xb2);
const config = {
  ...testConfig({ batchInboxAddress: INBOX, forks: { ecotone: 1224n } }),
  l1SystemConfigAddress: SYSCFG,
};
const sys: SystemConfig = {
  batcherAddress: BATCHER,
  overhead: new Uint8Array(32),
  scalar: new Uint8Array(32),
  gasLimit: 30_000_000n,
  eip1559Params: new Uint8Array(8),
  operatorFeeParams: new Uint8Array(32),
  minBaseFee: 0n,
  daFootprintGasScalar: 0n,
};
const hash = (n: number) => new Uint8Array(32).fill(n);
const block = (n: number, parent = n - 1): L1Block => ({
  number: BigInt(n),
  hash: hash(n),
  parentHash: hash(parent),
  timestamp: BigInt(1200 + 12 * (n - 100)),
});
const calldata = (from: Uint8Array, byte: number): L1TransactionInfo => ({
  type: 2,
  to: INBOX,
  from,
  input: new Uint8Array([0, byte]),
});
const word = (n: bigint) => bigIntToBytes(n, 32);
const batcherUpdate = (addr: Uint8Array, pointer = 32n) => ({
  address: SYSCFG,
  topics: [CONFIG_UPDATE_TOPIC, word(0n), word(0n)],
  data: concatBytes(word(pointer), word(32n), new Uint8Array(12), addr),
});

class Chain implements L1ChainSource {
  constructor(
    readonly blocks: L1Block[],
    readonly txs: Record<number, L1TransactionInfo[]> = {},
    readonly receiptsOf: Record<number, { status: boolean; logs: ReturnType<typeof batcherUpdate>[] }[]> = {},
    readonly blobs: Uint8Array[] = [],
  ) {}
  nextBlock(b: { number: bigint }): L1Block | undefined {
    return this.blocks.find((x) => x.number === b.number + 1n);
  }
  transactions(b: { number: bigint }) {
    return this.txs[Number(b.number)] ?? [];
  }
  receipts(b: { number: bigint }) {
    return this.receiptsOf[Number(b.number)] ?? [];
  }
  blob(_b: unknown, _h: Uint8Array, index: number): Uint8Array {
    return this.blobs[index]!;
  }
}

function collect(t: L1Traversal): string[] {
  const out: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = t.nextData();
    if (r.kind === 'eof') break;
    if (r.kind === 'value') out.push(Buffer.from(r.value).toString('hex'));
  }
  return out;
}

describe('L1Traversal', () => {
  it('hands out calldata of the batcher, then blobs after Ecotone (skipping undecodable blobs)', () => {
    const badBlob = encodeBlobData(new Uint8Array([1]));
    badBlob[1] = 9; // unknown encoding version
    const chain = new Chain(
      [block(100), block(101), block(102)],
      {
        101: [calldata(BATCHER, 1), calldata(NEW_BATCHER, 2), calldata(BATCHER, 3)],
        102: [
          { type: 3, to: INBOX, from: BATCHER, input: new Uint8Array([0, 9]), blobVersionedHashes: [hash(1), hash(2)] },
          calldata(BATCHER, 4),
        ],
      },
      {},
      [encodeBlobData(new Uint8Array([0, 0xab])), badBlob],
    );
    const t = new L1Traversal(config, chain, block(100), sys);
    expect(collect(t)).toEqual([]);
    expect(t.advance()).toBe(true);
    expect(collect(t)).toEqual(['0001', '0003']);
    expect(t.advance()).toBe(true);
    expect(collect(t)).toEqual(['00ab', '0004']);
    expect(t.skippedBlobs.length).toBe(1);
    expect(t.advance()).toBe(false);
  });

  it('applies a batcher change from the new block before reading its data', () => {
    const chain = new Chain(
      [block(100), block(101)],
      { 101: [calldata(BATCHER, 1), calldata(NEW_BATCHER, 2)] },
      { 101: [{ status: true, logs: [batcherUpdate(NEW_BATCHER)] }] },
    );
    const t = new L1Traversal(config, chain, block(100), sys);
    t.advance();
    expect(t.systemConfig().batcherAddress).toEqual(NEW_BATCHER);
    expect(collect(t)).toEqual(['0002']);
  });

  it('a block that does not build on the current one is a reset', () => {
    const t = new L1Traversal(config, new Chain([block(100), block(101, 77)]), block(100), sys);
    expect(() => t.advance()).toThrow(DeriveResetError);
  });

  it('a malformed system config update is a critical error', () => {
    const chain = new Chain(
      [block(100), block(101)],
      {},
      { 101: [{ status: true, logs: [batcherUpdate(NEW_BATCHER, 64n)] }] },
    );
    const t = new L1Traversal(config, chain, block(100), sys);
    expect(() => t.advance()).toThrow(SystemConfigLogError);
  });
});
