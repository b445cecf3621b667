/**
 * Transaction-level state transition (geth `core/state_transition.go`): validate (type active,
 * nonce, EIP-3607 sender, fee caps, blob rules, balance, block gas, intrinsic gas, EIP-7623 floor,
 * EIP-3860 initcode), buy gas, warm the EIP-2929/2930/3651 access set, apply EIP-7702
 * authorizations, execute, refund (EIP-3529 cap), and pay the coinbase. Validation never mutates
 * state: an invalid transaction throws `InvalidTransactionError` and leaves the world untouched.
 *
 * `TxHooks` let the OP executor add rules without forking this logic: extra validation (deposit
 * txs), an extra up-front fee charged with the gas (the L1 data fee), and fee distribution (base
 * fee / L1 fee vaults).
 */

import { BLOB_VERSION_KZG, type BlobSchedule, defaultBlobSchedule, GAS_PER_BLOB, maxBlobsPerTx } from './blob-gas.js';
import { CALL, type EvmConfig, STATUS_SUCCESS } from './context.js';
import { Evm, parseDelegation } from './evm.js';
import { splitGas } from './frame.js';
import { LIMITS } from './gas.js';
import type { JumpdestCache } from './jumpdest.js';
import type { AddressHex, StateDiff, StateReader } from './state-interface.js';
import {
  type EvmTransaction,
  floorDataGas,
  InvalidTransactionError,
  intrinsicGas,
  recoverAuthority,
} from './transaction.js';
import { type Log, WorldState } from './world-state.js';

const MAX_NONCE = (1n << 64n) - 1n;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
/** EIP-7825 (Osaka) per-transaction gas cap. */
const TX_GAS_LIMIT_CAP = 1n << 24n;

export interface FeeContext {
  world: WorldState;
  tx: EvmTransaction;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  baseFee: bigint;
  coinbase: AddressHex;
}

export interface TxHooks {
  /**
   * Runs first; its writes persist even when execution fails (OP deposits mint `mint` to the
   * sender here). Must not throw for transactions that are to be included.
   */
  beforeValidation?(tx: EvmTransaction, world: WorldState): void;
  /**
   * `false` for transactions whose gas is paid elsewhere (OP deposits, prepaid on L1): no nonce
   * equality / EOA / fee-cap / balance checks, no gas purchase, no refund to the sender and no
   * default fee payment. The nonce is still bumped and execution is metered as usual.
   */
  chargesGas?(tx: EvmTransaction): boolean;
  /** Extra checks before any state change; throw `InvalidTransactionError` to reject. */
  validate?(tx: EvmTransaction, world: WorldState): void;
  /** Extra wei charged up front with the gas (e.g. OP L1 data fee); part of the balance check. */
  extraUpfrontFee?(tx: EvmTransaction): bigint;
  /** Replaces the default "tip to coinbase" distribution after execution. */
  distributeFees?(ctx: FeeContext): void;
}

export interface TxOptions {
  hooks?: TxHooks;
  blobSchedule?: BlobSchedule;
  jumpdests?: JumpdestCache;
}

export interface TxResult {
  /** True when the top-level frame succeeded (false: reverted or halted; the tx is still included). */
  success: boolean;
  reverted: boolean;
  error: string | undefined;
  gasUsed: bigint;
  output: Uint8Array;
  logs: Log[];
  /** Contract created by a creation tx. */
  contractAddress: AddressHex | undefined;
  diff: StateDiff;
  world: WorldState;
}

function reject(kind: string, message: string): never {
  throw new InvalidTransactionError(kind, message);
}

export function effectiveGasPrice(tx: EvmTransaction, baseFee: bigint, london: boolean): bigint {
  if (tx.maxFeePerGas === undefined) return tx.gasPrice ?? 0n;
  const tip = tx.maxPriorityFeePerGas ?? 0n;
  const capped = baseFee + tip;
  return london && capped < tx.maxFeePerGas ? capped : tx.maxFeePerGas;
}

/** Executes one transaction against `reader`; returns the result with the state diff. */
export function executeTransaction(
  reader: StateReader,
  config: EvmConfig,
  tx: EvmTransaction,
  options: TxOptions = {},
): TxResult {
  const world = new WorldState(reader);
  const evm = new Evm(config, world, options.jumpdests);
  const rules = evm.rules;
  const block = config.block;
  const hooks = options.hooks ?? {};
  const schedule = options.blobSchedule ?? defaultBlobSchedule(config.fork);

  // ---- validation (read-only) ----
  const minForType = [undefined, rules.berlin, rules.london, rules.cancun, rules.prague];
  if (tx.type >= 1 && tx.type <= 4 && !minForType[tx.type])
    reject('TYPE_NOT_SUPPORTED', `tx type ${tx.type} not active`);
  hooks.beforeValidation?.(tx, world);
  const charges = hooks.chargesGas?.(tx) ?? true;
  hooks.validate?.(tx, world);
  const sender = world.account(tx.sender);
  if (charges) validateSender(tx, world, rules, block.baseFee);
  if (tx.gasLimit > block.gasLimit) reject('GAS_ALLOWANCE_EXCEEDED', 'gas limit exceeds block gas limit');
  if (rules.osaka && tx.gasLimit > TX_GAS_LIMIT_CAP) reject('GAS_LIMIT_EXCEEDS_MAXIMUM', 'gas limit above 2^24');
  const maxFee = tx.maxFeePerGas ?? tx.gasPrice ?? 0n;
  let blobGas = 0n;
  if (tx.type === 3) {
    const hashes = tx.blobVersionedHashes ?? [];
    if (tx.to === undefined) reject('TYPE_3_TX_CONTRACT_CREATION', 'blob tx cannot create');
    if (hashes.length === 0) reject('TYPE_3_TX_ZERO_BLOBS', 'blob tx without blobs');
    if (hashes.length > maxBlobsPerTx(config.fork, schedule)) reject('TYPE_3_TX_BLOB_COUNT_EXCEEDED', 'too many blobs');
    for (const h of hashes)
      if (h[0] !== BLOB_VERSION_KZG) reject('TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH', 'bad version');
    if ((tx.maxFeePerBlobGas ?? 0n) < block.blobBaseFee)
      reject('INSUFFICIENT_MAX_FEE_PER_BLOB_GAS', 'blob fee cap too low');
    blobGas = BigInt(hashes.length) * GAS_PER_BLOB;
  }
  if (tx.type === 4) {
    if (tx.to === undefined) reject('TYPE_4_TX_CONTRACT_CREATION', 'set-code tx cannot create');
    if ((tx.authorizationList?.length ?? 0) === 0)
      reject('TYPE_4_EMPTY_AUTHORIZATION_LIST', 'empty authorization list');
  }
  const extra = charges ? (hooks.extraUpfrontFee?.(tx) ?? 0n) : 0n;
  const balanceNeeded = tx.gasLimit * maxFee + tx.value + blobGas * (tx.maxFeePerBlobGas ?? 0n) + extra;
  if (charges && sender.balance < balanceNeeded)
    reject('INSUFFICIENT_ACCOUNT_FUNDS', 'insufficient funds for gas * price + value');
  const intrinsic = intrinsicGas(tx, rules);
  if (tx.gasLimit < intrinsic)
    reject('INTRINSIC_GAS_TOO_LOW', `intrinsic gas too low: have ${tx.gasLimit}, want ${intrinsic}`);
  const floor = rules.prague ? floorDataGas(tx.data) : 0n;
  if (tx.gasLimit < floor) reject('INTRINSIC_GAS_BELOW_FLOOR_GAS_COST', 'gas limit below calldata floor');
  if (rules.shanghai && tx.to === undefined && tx.data.length > LIMITS.MAX_INITCODE_SIZE) {
    reject('INITCODE_SIZE_EXCEEDED', 'max initcode size exceeded');
  }

  // ---- buy gas ----
  const price = charges ? effectiveGasPrice(tx, block.baseFee, rules.london) : 0n;
  if (charges) world.setBalance(tx.sender, sender.balance - tx.gasLimit * price - blobGas * block.blobBaseFee - extra);
  evm.tx = { origin: tx.sender, gasPrice: price, blobHashes: tx.blobVersionedHashes ?? [] };

  // ---- access set (EIP-2929 / 2930 / 3651) ----
  if (rules.berlin) {
    world.warmAddress(tx.sender);
    if (tx.to !== undefined) world.warmAddress(tx.to);
    for (const p of config.precompiles.keys()) world.warmAddress(p);
    for (const e of tx.accessList) {
      world.warmAddress(e.address);
      for (const k of e.storageKeys) world.warmSlot(e.address, k);
    }
    if (rules.shanghai) world.warmAddress(block.coinbase);
  }

  // ---- execute ----
  const start = splitGas(tx.gasLimit - intrinsic);
  let r: ReturnType<Evm['call']>;
  if (tx.to === undefined) {
    r = evm.create(tx.sender, tx.value, tx.data, start.gas, 1, undefined, start.bank);
  } else {
    world.setNonce(tx.sender, world.account(tx.sender).nonce + 1n);
    if (tx.authorizationList) applyAuthorizations(world, tx, block.chainId);
    const delegate = rules.prague ? evm.delegationOf(tx.to) : undefined;
    if (delegate !== undefined) world.warmAddress(delegate);
    r = evm.call(CALL, tx.sender, tx.to, tx.to, tx.value, tx.data, start.gas, false, 1, start.bank);
  }
  const gasAfter = BigInt(r.gasLeft) + r.bankLeft;

  // ---- refund (EIP-3529: at most gasUsed/5 from London, /2 before) ----
  let gasUsed = tx.gasLimit - gasAfter;
  const quotient = rules.london ? 5n : 2n;
  const refundCounter = BigInt(Math.max(world.refund, 0));
  const refund = refundCounter < gasUsed / quotient ? refundCounter : gasUsed / quotient;
  gasUsed -= refund;
  if (gasUsed < floor) gasUsed = floor;
  const gasLeft = tx.gasLimit - gasUsed;
  if (charges) world.addBalance(tx.sender, gasLeft * price);

  // ---- fees ----
  if (hooks.distributeFees) {
    hooks.distributeFees({
      world,
      tx,
      gasUsed,
      effectiveGasPrice: price,
      baseFee: block.baseFee,
      coinbase: block.coinbase,
    });
  } else if (charges) {
    const tip = rules.london ? price - block.baseFee : price;
    world.addBalance(block.coinbase, gasUsed * tip);
  }

  return {
    success: r.status === STATUS_SUCCESS,
    reverted: r.status === 1,
    error: r.error,
    gasUsed,
    output: r.output,
    logs: world.logs,
    contractAddress: r.created,
    diff: world.diff(rules.spurious),
    world,
  };
}

/** Nonce, EIP-3607 sender and fee-cap checks (skipped for transactions that do not charge gas). */
function validateSender(tx: EvmTransaction, world: WorldState, rules: Evm['rules'], baseFee: bigint): void {
  const sender = world.account(tx.sender);
  if (sender.nonce < tx.nonce)
    reject('NONCE_MISMATCH_TOO_HIGH', `nonce too high: state ${sender.nonce}, tx ${tx.nonce}`);
  if (sender.nonce > tx.nonce) reject('NONCE_MISMATCH_TOO_LOW', `nonce too low: state ${sender.nonce}, tx ${tx.nonce}`);
  if (tx.nonce >= MAX_NONCE) reject('NONCE_IS_MAX', 'nonce has max value');
  if (sender.hasCode() && !(rules.prague && parseDelegation(world.code(sender)) !== undefined)) {
    reject('SENDER_NOT_EOA', `sender ${tx.sender} has code`);
  }
  const maxFee = tx.maxFeePerGas ?? tx.gasPrice ?? 0n;
  if (tx.maxFeePerGas !== undefined) {
    const tip = tx.maxPriorityFeePerGas ?? 0n;
    if (tip > tx.maxFeePerGas) reject('PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS', 'max priority fee above max fee');
  }
  if (maxFee >= 1n << 256n) reject('GASPRICE_OVERFLOW', 'fee cap too large');
  if (rules.london && maxFee < baseFee) reject('INSUFFICIENT_MAX_FEE_PER_GAS', 'fee cap below base fee');
}

/** EIP-7702: invalid tuples are skipped, never fatal. */
function applyAuthorizations(world: WorldState, tx: EvmTransaction, chainId: bigint): void {
  for (const auth of tx.authorizationList ?? []) {
    if (auth.chainId !== 0n && auth.chainId !== chainId) continue;
    if (auth.nonce >= MAX_NONCE) continue;
    const authority = recoverAuthority(auth);
    if (authority === undefined) continue;
    world.warmAddress(authority);
    const acc = world.account(authority);
    if (acc.hasCode() && parseDelegation(world.code(acc)) === undefined) continue;
    if (acc.nonce !== auth.nonce) continue;
    if (acc.exists && !acc.isEmpty()) world.addRefund(25000 - 12500);
    else if (acc.exists) world.addRefund(25000 - 12500);
    world.setNonce(authority, acc.nonce + 1n);
    if (auth.address === ZERO_ADDRESS) world.setCode(authority, new Uint8Array(0));
    else {
      const code = new Uint8Array(23);
      code.set([0xef, 0x01, 0x00]);
      for (let i = 0; i < 20; i++) code[3 + i] = Number.parseInt(auth.address.slice(2 + 2 * i, 4 + 2 * i), 16);
      world.setCode(authority, code);
    }
  }
}
