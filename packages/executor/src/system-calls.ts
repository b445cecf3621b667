/**
 * Block-level system calls made before the first transaction (geth `core/state_processor.go`,
 * inherited by op-geth and kona): EIP-4788 stores the parent beacon block root in the beacon
 * roots contract (OP: from Ecotone, ecotone/exec-engine.md), EIP-2935 stores the parent block
 * hash in the history storage contract (OP: from Isthmus, isthmus/exec-engine.md). Each is a
 * plain CALL from SYSTEM_ADDRESS with 30M gas and no value that buys no gas, pays no fee and is
 * not part of the block's gas used; its state changes are finalised like a transaction's
 * (EIP-161 clearing removes the untouched system sender again).
 */
import {
  type AddressHex,
  CALL,
  Evm,
  type EvmConfig,
  type JumpdestCache,
  type StateDiff,
  type StateReader,
  WorldState,
} from '@faultline/evm';
import { bytesToHex } from '@faultline/primitives';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS } from '@faultline/protocol';

/** EIP-4788 / EIP-2935 caller. */
export const SYSTEM_ADDRESS: AddressHex = '0xfffffffffffffffffffffffffffffffffffffffe';
/** EIP-4788: the call gets 30,000,000 gas, outside the block gas limit. */
export const SYSTEM_CALL_GAS = 30_000_000;
const TOP_LEVEL_DEPTH = 1;

/** Runs one system call and returns the finalised diff (the caller commits it). */
export function systemCall(
  reader: StateReader,
  config: EvmConfig,
  to: AddressHex,
  data: Uint8Array,
  jumpdests?: JumpdestCache,
): StateDiff {
  const world = new WorldState(reader);
  const evm = new Evm(config, world, jumpdests);
  evm.tx = { origin: SYSTEM_ADDRESS, gasPrice: 0n, blobHashes: [] };
  world.warmAddress(to);
  // The result is ignored by design: a failing system call does not invalidate the block.
  evm.call(CALL, SYSTEM_ADDRESS, to, to, 0n, data, SYSTEM_CALL_GAS, false, TOP_LEVEL_DEPTH);
  return world.diff(true);
}

export const BEACON_ROOTS: AddressHex = bytesToHex(BEACON_ROOTS_ADDRESS);
export const HISTORY_STORAGE: AddressHex = bytesToHex(HISTORY_STORAGE_ADDRESS);

/** EIP-4788: `parentBeaconBlockRoot` → beacon roots contract. */
export function beaconRootCall(
  reader: StateReader,
  config: EvmConfig,
  parentBeaconBlockRoot: Uint8Array,
  jumpdests?: JumpdestCache,
): StateDiff {
  return systemCall(reader, config, BEACON_ROOTS, parentBeaconBlockRoot, jumpdests);
}

/** EIP-2935: parent block hash → history storage contract. */
export function parentHashCall(
  reader: StateReader,
  config: EvmConfig,
  parentHash: Uint8Array,
  jumpdests?: JumpdestCache,
): StateDiff {
  return systemCall(reader, config, HISTORY_STORAGE, parentHash, jumpdests);
}
