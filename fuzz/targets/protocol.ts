/**
 * Targets of the wire formats of primitives and protocol: strict RLP, EIP-2718 transactions of
 * every type (0–4 and the OP deposit 0x7E), headers, receipts and whole blocks. Besides "no
 * untyped error", each checks what a strict codec promises: whatever decodes re-encodes to the
 * same bytes, so no two encodings mean one value (a wrong verdict, not a crash).
 */
import { readFileSync } from 'node:fs';
import {
  BaseError,
  equalBytes,
  hexToBytes,
  RlpError,
  type RlpInput,
  type RlpItem,
  rlpDecode,
  rlpEncode,
  rlpList,
  rlpUint,
} from '@faultline/primitives';
import {
  type Block,
  decodeBlock,
  decodeHeader,
  decodeReceipt,
  decodeTransaction,
  encodeBlock,
  encodeHeader,
  encodeReceipt,
  encodeTransaction,
  HeaderError,
  headerFromJson,
  headerHash,
  type Receipt,
  ReceiptError,
  TransactionError,
  transactionChainId,
  transactionHash,
  validateTransaction,
} from '@faultline/protocol';
import type { MutateContext } from '../mutate.js';
import { mutateRlp } from '../mutate-rlp.js';
import type { Rng } from '../rng.js';
import { eestTxBytes, fixtureFiles, konaFixtures } from '../seeds.js';
import type { Target } from '../target.js';

/** A codec that decodes must re-encode to the input: a plain Error here is a failure. */
function roundTrip(what: string, input: Uint8Array, again: Uint8Array): void {
  if (!equalBytes(input, again)) throw new Error(`${what}: decoded input re-encodes to different bytes`);
}

const rlpMutate = (types?: readonly number[]) => (input: Uint8Array, rng: Rng, ctx: MutateContext) =>
  mutateRlp(input, rng, ctx, types);

function walk(item: RlpItem, depth: number): void {
  if (item instanceof Uint8Array) {
    if (item.length <= 32) rlpUint(item, 'leaf');
    return;
  }
  rlpList(item, 'list');
  if (depth < 64) for (const c of item) walk(c, depth + 1);
}

export const rlpTarget: Target = {
  name: 'rlp',
  about: 'rlpDecode + rlpUint/rlpList on every node + re-encode (primitives)',
  maxLength: 4096,
  errors: [RlpError],
  seeds() {
    const out: Uint8Array[] = [];
    for (const file of fixtureFiles(['ethereum-tests', 'tests', 'RLPTests'], '.json')) {
      const cases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { out: string }>;
      for (const c of Object.values(cases)) {
        try {
          out.push(hexToBytes(c.out.startsWith('0x') ? c.out : `0x${c.out}`));
        } catch {
          // An invalid-RLP case whose `out` is not hex at all is no use as a seed.
        }
      }
    }
    return out;
  },
  mutate: rlpMutate(),
  run(input) {
    const item = rlpDecode(input);
    roundTrip('rlp', input, rlpEncode(item as RlpInput));
    walk(item, 0);
  },
  ciCases: 4000,
};

const TX_TYPES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7d, 0x7e, 0x7f];

export const transactionTarget: Target = {
  name: 'transaction',
  about: 'decodeTransaction (types 0-4, 0x7E) + re-encode + hash + validateTransaction (Osaka, sender recovery)',
  maxLength: 8192,
  errors: [TransactionError],
  seeds() {
    const out: Uint8Array[] = [];
    for (const f of konaFixtures()) out.push(...f.transactions);
    for (const file of fixtureFiles(['ethereum-tests', 'tests', 'TransactionTests'], '.json', 400)) {
      const cases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { txbytes: string }>;
      for (const c of Object.values(cases)) {
        try {
          out.push(hexToBytes(c.txbytes));
        } catch {
          // Some TransactionTests carry deliberately broken hex.
        }
      }
    }
    const eest = ['ethereum-tests', 'execution-spec-tests', 'state_tests'];
    out.push(...eestTxBytes([...eest, 'cancun', 'eip4844_blobs'], 3).slice(0, 60));
    out.push(...eestTxBytes([...eest, 'prague', 'eip7702_set_code_tx'], 6).slice(0, 60));
    return out.filter((b) => b.length <= 8192);
  },
  mutate: rlpMutate(TX_TYPES),
  run(input) {
    const tx = decodeTransaction(input);
    roundTrip('transaction', input, encodeTransaction(tx));
    transactionHash(tx);
    const chainId = transactionChainId(tx) ?? 10n;
    validateTransaction(tx, { fork: 'Osaka', chainId, opStack: tx.type === 0x7e });
  },
  ciCases: 1500,
};

function headerSeeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of konaFixtures()) out.push(encodeHeader(headerFromJson(f.parentHeader)));
  for (const file of fixtureFiles(['op-jovian-karst'], '-header.json')) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    try {
      out.push(encodeHeader(headerFromJson((json.header ?? json) as Record<string, unknown>)));
    } catch (e) {
      if (!(e instanceof BaseError)) throw e;
    }
  }
  return out;
}

export const headerTarget: Target = {
  name: 'header',
  about: 'decodeHeader (15..21 fields) + re-encode + hash (protocol)',
  maxLength: 2048,
  errors: [HeaderError],
  seeds: headerSeeds,
  mutate: rlpMutate(),
  run(input) {
    const h = decodeHeader(input);
    roundTrip('header', input, encodeHeader(h));
    headerHash(h);
  },
  ciCases: 3000,
};

function receiptSeeds(): Uint8Array[] {
  const log = (n: number) => ({
    address: new Uint8Array(20).fill(n),
    topics: Array.from({ length: n % 5 }, (_, i) => new Uint8Array(32).fill(i)),
    data: new Uint8Array(n * 7).fill(0xab),
  });
  const base = (type: number, logs: number): Receipt => ({
    type,
    status: logs % 2 === 0,
    cumulativeGasUsed: BigInt(21_000 * (logs + 1)),
    logsBloom: new Uint8Array(256).fill(logs),
    logs: Array.from({ length: logs }, (_, i) => log(i + 1)),
  });
  return [
    encodeReceipt(base(0, 0)),
    encodeReceipt(base(0, 2)),
    encodeReceipt({ ...base(0, 1), postState: new Uint8Array(32).fill(7) }),
    encodeReceipt(base(1, 1)),
    encodeReceipt(base(2, 3)),
    encodeReceipt(base(3, 0)),
    encodeReceipt(base(4, 1)),
    encodeReceipt({ ...base(0x7e, 1), depositNonce: 5n }),
    encodeReceipt({ ...base(0x7e, 0), depositNonce: 0n, depositReceiptVersion: 1n }),
  ];
}

export const receiptTarget: Target = {
  name: 'receipt',
  about: 'decodeReceipt (legacy, typed, deposit nonce/version) + re-encode (protocol)',
  maxLength: 4096,
  errors: [ReceiptError],
  seeds: receiptSeeds,
  mutate: rlpMutate(TX_TYPES),
  run(input) {
    roundTrip('receipt', input, encodeReceipt(decodeReceipt(input)));
  },
  ciCases: 3000,
};

function blockSeeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const headers = headerSeeds();
  konaFixtures().forEach((f, i) => {
    const header = decodeHeader(headers[i]!);
    const block: Block = { header, transactions: f.transactions.slice(0, 4), ommers: [] };
    if (header.withdrawalsRoot !== undefined)
      block.withdrawals = [{ index: 1n, validatorIndex: 2n, address: new Uint8Array(20).fill(3), amount: 4n }];
    out.push(encodeBlock(block));
  });
  return out;
}

export const blockTarget: Target = {
  name: 'block',
  about: 'decodeBlock (header, txs, ommers, withdrawals) + re-encode + every transaction decoded (protocol)',
  maxLength: 16384,
  errors: [HeaderError, TransactionError],
  seeds: blockSeeds,
  mutate: rlpMutate(),
  run(input) {
    const block = decodeBlock(input);
    roundTrip('block', input, encodeBlock(block));
    for (const tx of block.transactions) decodeTransaction(tx);
  },
  ciCases: 800,
};
