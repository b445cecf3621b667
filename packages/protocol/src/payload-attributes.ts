/**
 * OP payload attributes (OP spec exec-engine.md "Extended PayloadAttributesV2/V3",
 * holocene/exec-engine.md): what derivation hands the block builder — timestamp, prevRandao,
 * fee recipient, withdrawals (empty from Canyon), parent beacon root (from Ecotone), the exact
 * transaction list (EIP-2718 bytes), noTxPool, the gas limit, from Holocene the 8-byte
 * eip1559Params and from Jovian the minimum base fee (jovian/exec-engine.md "Minimum Base Fee in
 * PayloadAttributesV3"). Parsed from the engine-API JSON (as in the kona fixtures' `executing_payload`)
 * and checked against the fork schedule.
 */
import { bytesToHex, hexToBytes, parseQuantity, type RlpInput } from '@faultline/primitives';
import { ConfigError } from './errors.js';
import { isOpHardforkActive } from './op-hardforks.js';
import type { RollupConfig } from './rollup-config.js';

/** EIP-4895 withdrawal. */
export type Withdrawal = { index: bigint; validatorIndex: bigint; address: Uint8Array; amount: bigint };

export type OpPayloadAttributes = {
  timestamp: bigint;
  prevRandao: Uint8Array;
  suggestedFeeRecipient: Uint8Array;
  withdrawals?: Withdrawal[];
  parentBeaconBlockRoot?: Uint8Array;
  transactions: Uint8Array[];
  noTxPool: boolean;
  gasLimit: bigint;
  eip1559Params?: Uint8Array;
  /** Jovian: u64 wei, written into the header's extraData. */
  minBaseFee?: bigint;
};

export class PayloadAttributesError extends ConfigError {}

type Json = Record<string, unknown>;

function hex(obj: Json, key: string, length?: number): Uint8Array {
  const v = obj[key];
  if (typeof v !== 'string') throw new PayloadAttributesError(`payload attributes: ${key}: expected a hex string`);
  try {
    return hexToBytes(v, length);
  } catch (cause) {
    throw new PayloadAttributesError(`payload attributes: ${key}: ${(cause as Error).message}`, { cause });
  }
}

function qty(obj: Json, key: string): bigint {
  const v = obj[key];
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new PayloadAttributesError(`payload attributes: ${key}: expected a quantity`);
  }
  return parseQuantity(v, key);
}

const present = (obj: Json, key: string) => obj[key] !== undefined && obj[key] !== null;

export function parsePayloadAttributes(json: Json): OpPayloadAttributes {
  const txs = json.transactions ?? [];
  if (!Array.isArray(txs)) throw new PayloadAttributesError('payload attributes: transactions: expected an array');
  const attrs: OpPayloadAttributes = {
    timestamp: qty(json, 'timestamp'),
    prevRandao: hex(json, 'prevRandao', 32),
    suggestedFeeRecipient: hex(json, 'suggestedFeeRecipient', 20),
    transactions: txs.map((t, i) => hex({ [`transactions[${i}]`]: t }, `transactions[${i}]`)),
    noTxPool: json.noTxPool === undefined ? true : json.noTxPool === true,
    gasLimit: qty(json, 'gasLimit'),
  };
  if (present(json, 'withdrawals')) {
    if (!Array.isArray(json.withdrawals))
      throw new PayloadAttributesError('payload attributes: withdrawals: expected an array');
    attrs.withdrawals = (json.withdrawals as Json[]).map((w) => ({
      index: qty(w, 'index'),
      validatorIndex: qty(w, 'validatorIndex'),
      address: hex(w, 'address', 20),
      amount: qty(w, 'amount'),
    }));
  }
  if (present(json, 'parentBeaconBlockRoot')) attrs.parentBeaconBlockRoot = hex(json, 'parentBeaconBlockRoot', 32);
  if (present(json, 'eip1559Params')) attrs.eip1559Params = hex(json, 'eip1559Params', 8);
  if (present(json, 'minBaseFee')) {
    const minBaseFee = qty(json, 'minBaseFee');
    if (minBaseFee >> 64n !== 0n) throw new PayloadAttributesError('payload attributes: minBaseFee: exceeds u64');
    attrs.minBaseFee = minBaseFee;
  }
  return attrs;
}

const quantity = (v: bigint) => `0x${v.toString(16)}`;

/**
 * The engine-API JSON of the attributes (the inverse of `parsePayloadAttributes`): what a
 * fault-proof client puts in an `l2-payload-witness` hint and a node's `debug_executePayload`
 * reads.
 */
export function payloadAttributesToJson(attrs: OpPayloadAttributes): Json {
  const json: Json = {
    timestamp: quantity(attrs.timestamp),
    prevRandao: bytesToHex(attrs.prevRandao),
    suggestedFeeRecipient: bytesToHex(attrs.suggestedFeeRecipient),
    transactions: attrs.transactions.map(bytesToHex),
    noTxPool: attrs.noTxPool,
    gasLimit: quantity(attrs.gasLimit),
  };
  if (attrs.withdrawals !== undefined) {
    json.withdrawals = attrs.withdrawals.map((w) => ({
      index: quantity(w.index),
      validatorIndex: quantity(w.validatorIndex),
      address: bytesToHex(w.address),
      amount: quantity(w.amount),
    }));
  }
  if (attrs.parentBeaconBlockRoot !== undefined) json.parentBeaconBlockRoot = bytesToHex(attrs.parentBeaconBlockRoot);
  if (attrs.eip1559Params !== undefined) json.eip1559Params = bytesToHex(attrs.eip1559Params);
  if (attrs.minBaseFee !== undefined) json.minBaseFee = quantity(attrs.minBaseFee);
  return json;
}

/** Engine-API validity of OP attributes for their timestamp (Canyon, Ecotone, Holocene, Jovian rules). */
export function validatePayloadAttributes(attrs: OpPayloadAttributes, rollup: RollupConfig): void {
  const active = (f: Parameters<typeof isOpHardforkActive>[1]) =>
    isOpHardforkActive(rollup.hardforks, f, attrs.timestamp);
  const fail = (m: string) => {
    throw new PayloadAttributesError(`payload attributes at ${attrs.timestamp}: ${m}`);
  };
  if (active('canyon')) {
    if (attrs.withdrawals === undefined) fail('withdrawals must be present (empty) from Canyon');
    else if (attrs.withdrawals.length !== 0) fail('withdrawals must be empty on an OP chain');
  } else if (attrs.withdrawals !== undefined) fail('withdrawals must be absent before Canyon');
  if (active('ecotone') !== (attrs.parentBeaconBlockRoot !== undefined)) {
    fail('parentBeaconBlockRoot must be set exactly from Ecotone on');
  }
  if (active('holocene') !== (attrs.eip1559Params !== undefined))
    fail('eip1559Params must be set exactly from Holocene on');
  if (active('jovian') !== (attrs.minBaseFee !== undefined)) fail('minBaseFee must be set exactly from Jovian on');
}

/** EIP-4895 RLP of a withdrawal, as keyed in the withdrawals trie. */
export function withdrawalRlpFields(w: Withdrawal): RlpInput {
  return [w.index, w.validatorIndex, w.address, w.amount];
}
