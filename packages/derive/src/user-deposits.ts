/**
 * User deposits (deposits.md "User-Deposited Transactions"): every successful L1 receipt log of
 * the deposit contract (OptimismPortal) whose first topic is
 * `TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)`
 * becomes a deposit transaction in the first L2 block of that L1 block's epoch. Version 0
 * `opaqueData` is `mint(32) ++ value(32) ++ gasLimit(8) ++ isCreation(1) ++ data`. The checks on
 * the ABI framing follow op-node exactly; a malformed deposit log is a critical error because
 * deposits may never be skipped.
 */
import { equalBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import type { DepositTransaction, Receipt } from '@faultline/protocol';
import { userDepositSourceHash } from '@faultline/protocol';
import { WORD, wordUint } from './abi-word.js';
import { DeriveError } from './errors.js';

export const DEPOSIT_EVENT_TOPIC = keccak256(utf8ToBytes('TransactionDeposited(address,address,uint256,bytes)'));
const DEPOSIT_VERSION_0 = new Uint8Array(32);
const OPAQUE_FIXED = 32 + 32 + 8 + 1;

export class DepositLogError extends DeriveError {
  override name = 'DepositLogError' as const;
  readonly severity = 'critical' as const;
  constructor(
    readonly logIndex: bigint,
    reason: string,
  ) {
    super(`deposit log ${logIndex}: ${reason}`);
  }
}

export interface DepositLog {
  readonly address: Uint8Array;
  readonly topics: readonly Uint8Array[];
  readonly data: Uint8Array;
}

const toBigInt = (b: Uint8Array): bigint => b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);

/** Decodes one `TransactionDeposited` log; `logIndex` is its index among all logs of the L1 block. */
export function decodeDepositLog(log: DepositLog, l1BlockHash: Uint8Array, logIndex: bigint): DepositTransaction {
  const fail = (reason: string): never => {
    throw new DepositLogError(logIndex, reason);
  };
  if (log.topics.length !== 4) fail(`expected 4 topics, got ${log.topics.length}`);
  if (!equalBytes(log.topics[0]!, DEPOSIT_EVENT_TOPIC)) fail('not a TransactionDeposited event');
  const data = log.data;
  if (data.length < 2 * WORD) fail(`data of ${data.length} bytes is shorter than the bytes header`);
  if (data.length % WORD !== 0) fail(`data of ${data.length} bytes is not whole words`);
  if (wordUint(data, 0, 8) !== 32n) fail('opaqueData offset is not 32');
  const length = wordUint(data, WORD, 8);
  const room = BigInt(data.length - 2 * WORD);
  // The length must fit, and the padding must be minimal (another word would not fit).
  if (length === undefined || length > room || length + 32n <= room) fail(`invalid opaqueData length ${length}`);
  const opaque = data.subarray(2 * WORD, 2 * WORD + Number(length));
  if (!equalBytes(log.topics[3]!, DEPOSIT_VERSION_0)) fail('unknown deposit version');
  if (opaque.length < OPAQUE_FIXED) fail(`opaqueData of ${opaque.length} bytes is too short`);
  const isCreation = opaque[72] !== 0;
  return {
    type: 0x7e,
    sourceHash: userDepositSourceHash(l1BlockHash, logIndex),
    from: log.topics[1]!.slice(12),
    to: isCreation ? null : log.topics[2]!.slice(12),
    mint: toBigInt(opaque.subarray(0, 32)),
    value: toBigInt(opaque.subarray(32, 64)),
    gasLimit: toBigInt(opaque.subarray(64, 72)),
    isSystemTx: false,
    data: opaque.slice(OPAQUE_FIXED),
  };
}

/**
 * All user deposits of an L1 block, in log order. Logs are numbered across every receipt of the
 * block; failed receipts carry no logs. Any malformed deposit log throws (critical).
 */
export function deriveUserDeposits(
  receipts: readonly Pick<Receipt, 'status' | 'logs'>[],
  depositContract: Uint8Array,
  l1BlockHash: Uint8Array,
): DepositTransaction[] {
  const out: DepositTransaction[] = [];
  let logIndex = 0n;
  for (const receipt of receipts) {
    for (const log of receipt.logs) {
      const isDeposit =
        receipt.status &&
        equalBytes(log.address, depositContract) &&
        log.topics.length > 0 &&
        equalBytes(log.topics[0]!, DEPOSIT_EVENT_TOPIC);
      if (isDeposit) out.push(decodeDepositLog(log, l1BlockHash, logIndex));
      logIndex++;
    }
  }
  return out;
}
