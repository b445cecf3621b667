/**
 * The sequencer: it grows the L2 chain block by block (every `block_time` seconds of chain time)
 * on the L1 blocks it is told about. Each block's L1 origin is the head's, or the next L1 block
 * once the L2 time has reached that block's time (derivation.md "L1 origin" rules; the origin
 * moves one L1 block at a time). The first block of an epoch carries the origin's user deposits —
 * the portal's real `TransactionDeposited` logs — and the SystemConfig updates of that L1 block
 * are applied first, as derivation applies them. Attributes come from derive's
 * `buildPayloadAttributes` (the L1-info deposit included), so derivation from L1 rebuilds them
 * exactly. User transactions arrive through `submit` (eth_sendRawTransaction) and are checked
 * before they are queued: decoding, chain id, signature, fork, nonce, balance.
 */
import {
  buildPayloadAttributes,
  deriveUserDeposits,
  genesisSystemConfig,
  type SystemConfig,
  updateSystemConfig,
} from '@faultline/derive';
import { BaseError, bytesToHex, keccak256 } from '@faultline/primitives';
import {
  decodeTransaction,
  type Header,
  isOpHardforkActive,
  type Receipt,
  type Transaction,
  validateTransaction,
} from '@faultline/protocol';
import type { L2Block, L2Chain } from './chain.js';

export class TxPoolError extends BaseError {
  override name = 'TxPoolError' as const;
}

export interface KnownL1Block {
  hash: Uint8Array;
  header: Header;
  receipts: readonly Receipt[];
}

interface PendingTx {
  raw: Uint8Array;
  hash: string;
  sender: string;
  nonce: bigint;
}

/** User transactions per block at most (the devnet's blocks stay small). */
const MAX_USER_TXS = 200;

export class Sequencer {
  private readonly l1 = new Map<bigint, KnownL1Block>();
  private systemConfig: SystemConfig;
  private readonly pending: PendingTx[] = [];
  /** Called after each block (logs, batcher). */
  onBlock: ((block: L2Block) => void) | undefined;

  constructor(readonly chain: L2Chain) {
    this.systemConfig = genesisSystemConfig(chain.rollup);
  }

  get rollup() {
    return this.chain.rollup;
  }

  /** Makes an L1 block available as an origin (blocks must come in order from the genesis L1 block). */
  addL1Block(block: KnownL1Block): void {
    const expected = this.latestL1()?.header.number ?? this.rollup.genesis.l1.number - 1n;
    if (block.header.number <= expected) return;
    if (block.header.number !== expected + 1n)
      throw new TxPoolError(`L1 block ${block.header.number} arrived before block ${expected + 1n}`);
    this.l1.set(block.header.number, block);
  }

  latestL1(): KnownL1Block | undefined {
    let best: KnownL1Block | undefined;
    for (const b of this.l1.values()) if (!best || b.header.number > best.header.number) best = b;
    return best;
  }

  l1Block(number: bigint): KnownL1Block | undefined {
    return this.l1.get(number);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Checks a signed user transaction against the head state and queues it; returns its hash. */
  submit(raw: Uint8Array): string {
    let tx: Transaction;
    try {
      tx = decodeTransaction(raw);
    } catch (e) {
      throw new TxPoolError(`transaction: ${(e as Error).message}`);
    }
    if (tx.type === 0x7e) throw new TxPoolError('deposit transactions come from L1, not eth_sendRawTransaction');
    let sender: Uint8Array;
    try {
      sender = validateTransaction(tx, { fork: 'Cancun', chainId: this.rollup.l2ChainId, opStack: true }).sender;
    } catch (e) {
      throw new TxPoolError(`transaction: ${(e as Error).message}`);
    }
    const from = bytesToHex(sender);
    const account = this.chain.stateAt(this.chain.head).getAccount(from);
    const queued = this.pending.filter((p) => p.sender === from).length;
    const expected = (account?.nonce ?? 0n) + BigInt(queued);
    if (tx.nonce !== expected) throw new TxPoolError(`nonce ${tx.nonce} of ${from}: expected ${expected}`);
    const maxFee = 'maxFeePerGas' in tx ? tx.maxFeePerGas : 'gasPrice' in tx ? tx.gasPrice : 0n;
    const cost = tx.gasLimit * maxFee + tx.value;
    if ((account?.balance ?? 0n) < cost) throw new TxPoolError(`insufficient funds of ${from} for gas * price + value`);
    if (tx.gasLimit > this.systemConfig.gasLimit) throw new TxPoolError('gas limit above the block gas limit');
    const hash = bytesToHex(keccak256(raw));
    if (this.pending.some((p) => p.hash === hash)) throw new TxPoolError('already known');
    this.pending.push({ raw: raw.slice(), hash, sender: from, nonce: tx.nonce });
    return hash;
  }

  /** Builds blocks while the next block's time is at most `time` (and L1 knows its origin). */
  buildUntil(time: bigint): L2Block[] {
    const out: L2Block[] = [];
    while (this.chain.head.header.timestamp + this.rollup.blockTime <= time) out.push(this.buildNext());
    return out;
  }

  buildNext(): L2Block {
    const head = this.chain.head;
    const timestamp = head.header.timestamp + this.rollup.blockTime;
    const current = this.l1.get(head.ref.l1Origin.number);
    if (!current) throw new TxPoolError(`L1 origin ${head.ref.l1Origin.number} is not known`);
    const next = this.l1.get(head.ref.l1Origin.number + 1n);
    const newEpoch = next !== undefined && timestamp >= next.header.timestamp;
    const origin = newEpoch ? next : current;
    const ecotone = isOpHardforkActive(this.rollup.hardforks, 'ecotone', origin.header.timestamp);
    if (newEpoch) {
      this.systemConfig = updateSystemConfig(
        this.systemConfig,
        origin.receipts,
        this.rollup.l1SystemConfigAddress,
        ecotone,
      ).config;
    }
    const sequenceNumber = newEpoch ? 0n : head.ref.sequenceNumber + 1n;
    const userDeposits = newEpoch
      ? deriveUserDeposits(origin.receipts, this.rollup.depositContractAddress, origin.hash)
      : [];
    const ref = { l1Origin: { hash: origin.hash, number: origin.header.number }, sequenceNumber };
    const input = {
      rollup: this.rollup,
      systemConfig: this.systemConfig,
      l1Origin: { hash: origin.hash, header: origin.header },
      sequenceNumber,
      timestamp,
      userDeposits,
    };
    const txs = this.pending.slice(0, MAX_USER_TXS);
    try {
      const block = this.chain.build(buildPayloadAttributes({ ...input, transactions: txs.map((t) => t.raw) }), ref);
      this.pending.splice(0, txs.length);
      this.onBlock?.(block);
      return block;
    } catch (e) {
      if (txs.length === 0) throw e;
      // A queued transaction no longer fits (e.g. its sender spent the balance): drop the queue
      // and build the block with deposits only, as a sequencer must keep the chain moving.
      this.pending.splice(0, txs.length);
      const block = this.chain.build(buildPayloadAttributes({ ...input, transactions: [] }), ref);
      this.onBlock?.(block);
      return block;
    }
  }
}
