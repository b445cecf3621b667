/**
 * The L2 system configuration as derivation tracks it (system-config.md): the batcher address
 * that L1 retrieval authenticates against, the L1 fee parameters and gas limit the L1-info
 * deposit and attributes carry, Holocene's EIP-1559 parameters, Isthmus's operator fee and
 * Jovian's minimum base fee and DA footprint scalar. It starts from the rollup config's genesis
 * values and changes with `ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes
 * data)` logs of the L1 SystemConfig contract, applied in log order per L1 block. A malformed
 * update is skipped and reported; op-node treats any report as a critical error. Invalid Ecotone
 * scalars are ignored silently (the old value stays), as op-node does.
 */
import { equalBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import type { Receipt, RollupConfig } from '@faultline/protocol';
import { WORD, wordAddress, wordUint } from './abi-word.js';
import { DeriveError } from './errors.js';
import type { DepositLog } from './user-deposits.js';

export const CONFIG_UPDATE_TOPIC = keccak256(utf8ToBytes('ConfigUpdate(uint256,uint8,bytes)'));

export interface SystemConfig {
  readonly batcherAddress: Uint8Array;
  /** Raw 32-byte words (pre-Ecotone overhead/scalar; Ecotone packs the scalars into `scalar`). */
  readonly overhead: Uint8Array;
  readonly scalar: Uint8Array;
  readonly gasLimit: bigint;
  /** Holocene: denominator (u32 BE) ++ elasticity (u32 BE); all zero until set. */
  readonly eip1559Params: Uint8Array;
  /** Isthmus operator fee parameters (raw word). */
  readonly operatorFeeParams: Uint8Array;
  /** Jovian. */
  readonly minBaseFee: bigint;
  readonly daFootprintGasScalar: bigint;
}

export class SystemConfigLogError extends DeriveError {
  override name = 'SystemConfigLogError' as const;
  readonly severity = 'critical' as const;
  constructor(
    readonly logIndex: number,
    reason: string,
  ) {
    super(`system config log ${logIndex}: ${reason}`);
  }
}

export function genesisSystemConfig(rollup: RollupConfig): SystemConfig {
  const g = rollup.genesis.systemConfig;
  return {
    batcherAddress: g.batcherAddress,
    overhead: g.overhead,
    scalar: g.scalar,
    gasLimit: g.gasLimit,
    eip1559Params: new Uint8Array(8),
    operatorFeeParams: new Uint8Array(32),
    minBaseFee: 0n,
    daFootprintGasScalar: 0n,
  };
}

const UPDATE = {
  batcher: 0,
  feeScalars: 1,
  gasLimit: 2,
  unsafeBlockSigner: 3,
  eip1559Params: 4,
  operatorFeeParams: 5,
  minBaseFee: 6,
  daFootprintGasScalar: 7,
} as const;

/** The payload of the ABI `bytes` argument, checked to be exactly `length` bytes with no extra. */
function payload(data: Uint8Array, length: number): Uint8Array | string {
  if (wordUint(data, 0, 8) !== 32n) return 'invalid pointer field';
  if (wordUint(data, WORD, 8) !== BigInt(length)) return 'invalid length field';
  if (data.length < 2 * WORD + length) return 'data too short';
  if (data.length !== 2 * WORD + length) return 'too many bytes';
  return data.subarray(2 * WORD);
}

/** Ecotone scalar formats (ecotone/l1-attributes.md): version 0 or 1 with zero padding. */
function validEcotoneScalar(scalar: Uint8Array): boolean {
  const zeroUntil = scalar[0] === 0 ? 28 : scalar[0] === 1 ? 24 : -1;
  if (zeroUntil < 0) return false;
  for (let i = 1; i < zeroUntil; i++) if (scalar[i] !== 0) return false;
  return true;
}

type Apply = (cfg: SystemConfig, data: Uint8Array, ecotone: boolean) => SystemConfig | string;

const small = (bytes: number) => (p: Uint8Array) => wordUint(p, 0, bytes);

/** One handler per update type: parse, validate, and return the new config or a reason. */
const HANDLERS: Record<number, Apply> = {
  [UPDATE.batcher]: (cfg, data) => {
    const p = payload(data, WORD);
    if (typeof p === 'string') return p;
    const batcherAddress = wordAddress(p, 0);
    return batcherAddress ? { ...cfg, batcherAddress } : 'could not read address';
  },
  [UPDATE.feeScalars]: (cfg, data, ecotone) => {
    const p = payload(data, 2 * WORD);
    if (typeof p === 'string') return p;
    const overhead = p.slice(0, WORD);
    const scalar = p.slice(WORD, 2 * WORD);
    if (!ecotone) return { ...cfg, overhead, scalar };
    // After Ecotone the overhead no longer matters and is zeroed; bad scalars are ignored.
    return validEcotoneScalar(scalar) ? { ...cfg, overhead: new Uint8Array(WORD), scalar } : cfg;
  },
  [UPDATE.gasLimit]: (cfg, data) => {
    const p = payload(data, WORD);
    if (typeof p === 'string') return p;
    const gasLimit = small(8)(p);
    return gasLimit === undefined ? 'could not read gas limit' : { ...cfg, gasLimit };
  },
  // The unsafe block signer matters to p2p gossip, not to derivation.
  [UPDATE.unsafeBlockSigner]: (cfg) => cfg,
  [UPDATE.eip1559Params]: (cfg, data) => {
    const p = payload(data, WORD);
    if (typeof p === 'string') return p;
    const params = p.slice(24, 32);
    const denominator = (params[0]! << 24) | (params[1]! << 16) | (params[2]! << 8) | params[3]!;
    const elasticity = (params[4]! << 24) | (params[5]! << 16) | (params[6]! << 8) | params[7]!;
    if (denominator === 0 && elasticity !== 0) return 'EIP-1559 denominator 0 needs elasticity 0';
    return { ...cfg, eip1559Params: params };
  },
  [UPDATE.operatorFeeParams]: (cfg, data) => {
    const p = payload(data, WORD);
    return typeof p === 'string' ? p : { ...cfg, operatorFeeParams: p.slice() };
  },
  [UPDATE.minBaseFee]: (cfg, data) => {
    const p = payload(data, WORD);
    if (typeof p === 'string') return p;
    const minBaseFee = small(8)(p);
    return minBaseFee === undefined ? 'could not read minBaseFee' : { ...cfg, minBaseFee };
  },
  [UPDATE.daFootprintGasScalar]: (cfg, data) => {
    const p = payload(data, WORD);
    if (typeof p === 'string') return p;
    const daFootprintGasScalar = small(2)(p);
    return daFootprintGasScalar === undefined
      ? 'could not read DA footprint gas scalar'
      : { ...cfg, daFootprintGasScalar };
  },
};

/** Applies one ConfigUpdate log; returns the new config or why the log is malformed. */
export function applyConfigUpdateLog(cfg: SystemConfig, log: DepositLog, ecotone: boolean): SystemConfig | string {
  if (log.topics.length !== 3) return `expected 3 topics, got ${log.topics.length}`;
  if (!equalBytes(log.topics[0]!, CONFIG_UPDATE_TOPIC)) return 'not a ConfigUpdate event';
  if (!log.topics[1]!.every((b) => b === 0)) return 'unknown ConfigUpdate version';
  const type = wordUint(log.topics[2]!, 0, 1);
  const handler = type === undefined ? undefined : HANDLERS[Number(type)];
  if (!handler) return 'unknown ConfigUpdate type';
  return handler(cfg, log.data, ecotone);
}

export interface SystemConfigUpdate {
  readonly config: SystemConfig;
  /** Malformed updates that were skipped; op-node stops derivation (critical) on any. */
  readonly errors: readonly SystemConfigLogError[];
}

/** Applies every ConfigUpdate log of one L1 block's successful receipts, in order. */
export function updateSystemConfig(
  cfg: SystemConfig,
  receipts: readonly Pick<Receipt, 'status' | 'logs'>[],
  systemConfigAddress: Uint8Array,
  ecotone: boolean,
): SystemConfigUpdate {
  let config = cfg;
  const errors: SystemConfigLogError[] = [];
  let logIndex = 0;
  for (const receipt of receipts) {
    for (const log of receipt.logs) {
      const relevant =
        receipt.status &&
        equalBytes(log.address, systemConfigAddress) &&
        log.topics.length > 0 &&
        equalBytes(log.topics[0]!, CONFIG_UPDATE_TOPIC);
      if (relevant) {
        const next = applyConfigUpdateLog(config, log, ecotone);
        if (typeof next === 'string') errors.push(new SystemConfigLogError(logIndex, next));
        else config = next;
      }
      logIndex++;
    }
  }
  return { config, errors };
}
