/**
 * Execution of a 0x7E deposit transaction (OP spec deposits.md "Execution", op-geth
 * `state_transition.go`). Deposits are already paid for on L1, so there is no signature, nonce
 * check, gas purchase, refund or fee payment:
 * - the `mint` is credited to `from` first and survives any failure;
 * - execution then runs like a message call (intrinsic gas, value-transfer check, EIP-3860,
 *   access-list warming, CALL with the sender's nonce bumped, or CREATE);
 * - a deposit that fails a consensus check is still included: its other effects are reverted,
 *   the sender's nonce is still bumped and it is recorded as using its whole gas limit;
 * - gas used: from Regolith the actual gas (after the EIP-3529 refund counter, which only changes
 *   accounting since the price is 0); before Regolith the gas limit, and 0 for system deposits.
 */
import {
  CALL,
  Evm,
  type EvmConfig,
  type EvmTransaction,
  intrinsicGas,
  type JumpdestCache,
  LIMITS,
  type Log,
  STATUS_SUCCESS,
  type StateDiff,
  type StateReader,
  WorldState,
} from '@faultline/evm';

const TOP_LEVEL_DEPTH = 1;
/** EIP-3529 refund cap: gasUsed / 5 (London and later; every OP block is post-London). */
const REFUND_QUOTIENT = 5n;

export interface DepositOptions {
  mint: bigint;
  isSystemTx: boolean;
  regolith: boolean;
  jumpdests?: JumpdestCache | undefined;
}

export interface DepositResult {
  success: boolean;
  gasUsed: bigint;
  logs: Log[];
  /** The sender's nonce before the deposit (the receipt's `depositNonce`, Regolith+). */
  nonce: bigint;
  /** Why the deposit failed, when it did (EVM halt reason or consensus check). */
  error: string | undefined;
  diff: StateDiff;
}

/** Consensus checks that make a deposit fail (and be included as failed) rather than run. */
function depositProblem(tx: EvmTransaction, world: WorldState, evm: Evm, options: DepositOptions): string | undefined {
  // Regolith removed system transactions (regolith/overview.md): one now fails as a deposit.
  if (options.regolith && options.isSystemTx) return 'system transactions are not supported from Regolith';
  const rules = evm.rules;
  const intrinsic = intrinsicGas(tx, rules);
  if (tx.gasLimit < intrinsic) return `intrinsic gas too low: have ${tx.gasLimit}, want ${intrinsic}`;
  if (tx.value > 0n && world.account(tx.sender).balance < tx.value) return 'insufficient funds for transfer';
  if (rules.shanghai && tx.to === undefined && tx.data.length > LIMITS.MAX_INITCODE_SIZE) {
    return 'max initcode size exceeded';
  }
  return undefined;
}

export function executeDeposit(
  reader: StateReader,
  config: EvmConfig,
  tx: EvmTransaction,
  options: DepositOptions,
): DepositResult {
  const world = new WorldState(reader);
  const evm = new Evm(config, world, options.jumpdests);
  const rules = evm.rules;
  const from = tx.sender;
  world.addBalance(from, options.mint);
  const nonce = world.account(from).nonce;
  const afterMint = world.snapshot();
  evm.tx = { origin: from, gasPrice: 0n, blobHashes: [] };

  const problem = depositProblem(tx, world, evm, options);
  if (problem !== undefined) return failed(world, rules.spurious, tx, options, nonce, afterMint, problem);

  world.warmAddress(from);
  if (tx.to !== undefined) world.warmAddress(tx.to);
  for (const p of config.precompiles.keys()) world.warmAddress(p);
  if (rules.shanghai) world.warmAddress(config.block.coinbase);

  // Deposit gas limits are bounded by the block gas limit, far below the 2^52 split.
  const gas = Number(tx.gasLimit - intrinsicGas(tx, rules));
  let r: ReturnType<Evm['call']>;
  if (tx.to === undefined) r = evm.create(from, tx.value, tx.data, gas, TOP_LEVEL_DEPTH, undefined);
  else {
    world.setNonce(from, nonce + 1n);
    r = evm.call(CALL, from, tx.to, tx.to, tx.value, tx.data, gas, false, TOP_LEVEL_DEPTH);
  }
  let gasUsed: bigint;
  if (options.regolith) {
    gasUsed = tx.gasLimit - (BigInt(r.gasLeft) + r.bankLeft);
    const counter = BigInt(Math.max(world.refund, 0));
    const cap = gasUsed / REFUND_QUOTIENT;
    gasUsed -= counter < cap ? counter : cap;
  } else gasUsed = options.isSystemTx ? 0n : tx.gasLimit;
  const success = r.status === STATUS_SUCCESS;
  return { success, gasUsed, logs: world.logs, nonce, error: r.error, diff: world.diff(rules.spurious) };
}

function failed(
  world: WorldState,
  deleteEmpty: boolean,
  tx: EvmTransaction,
  options: DepositOptions,
  nonce: bigint,
  afterMint: number,
  error: string,
): DepositResult {
  world.revert(afterMint);
  world.setNonce(tx.sender, nonce + 1n);
  const gasUsed = options.isSystemTx && !options.regolith ? 0n : tx.gasLimit;
  return { success: false, gasUsed, logs: [], nonce, error: `failed deposit: ${error}`, diff: world.diff(deleteEmpty) };
}
