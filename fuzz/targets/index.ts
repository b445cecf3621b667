/** Every fuzz target, by name, in the order a full campaign runs them. */
import type { Target } from '../target.js';
import {
  blobTarget,
  channelTarget,
  deriveStagesTarget,
  framesTarget,
  singularBatchTarget,
  spanBatchTarget,
} from './derive.js';
import { precompileTarget } from './evm.js';
import { elfTarget, metaTarget, stateBinaryTarget, stateJsonTarget, stepProofTarget } from './mips.js';
import { hintStreamTarget, keyTypeTarget, oracleResponseTarget } from './preimage.js';
import { blockTarget, headerTarget, receiptTarget, rlpTarget, transactionTarget } from './protocol.js';
import { rpcJsonTarget } from './rpc-json.js';
import { trieProofTarget } from './trie.js';

export const TARGETS: readonly Target[] = [
  rlpTarget,
  transactionTarget,
  headerTarget,
  receiptTarget,
  blockTarget,
  trieProofTarget,
  framesTarget,
  channelTarget,
  singularBatchTarget,
  spanBatchTarget,
  blobTarget,
  deriveStagesTarget,
  hintStreamTarget,
  oracleResponseTarget,
  keyTypeTarget,
  elfTarget,
  stateJsonTarget,
  stateBinaryTarget,
  stepProofTarget,
  metaTarget,
  precompileTarget,
  rpcJsonTarget,
];

export const TARGET_NAMES: readonly string[] = TARGETS.map((t) => t.name);

export function targetByName(name: string): Target {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown fuzz target ${name}`);
  return t;
}
