/**
 * The fault-proof program (op-program `client/program.go` + `driver`, kona's single-chain
 * client): boot → oracles → derive/execute → claim check. Synchronous and environment-free: it
 * is handed its two channels, so `main.ts` (fds 3–6), the host's in-process worker and tests all
 * run the same code. Failures throw typed errors (exit 2 at the edge); the claim is a value.
 */
import { HintWriter, OracleClient, type SyncChannel } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { assertOpHardforkSupported, builtinChain, l2BlockTimestamp } from '@faultline/protocol';
import type { BlobCommitter } from './blob-committer.js';
import { readBootInfo } from './boot-info.js';
import { type ClaimOutcome, checkClaim, exitCodeOf } from './claim.js';
import type { DeriverFactory } from './derivation.js';
import { UnsupportedError } from './errors.js';
import { HintedOracle } from './hinted-oracle.js';
import { OracleL1ChainSource } from './l1-chain-source.js';
import { L1Oracle } from './l1-oracle.js';
import { L2Chain } from './l2-chain.js';
import { L2Oracle } from './l2-oracle.js';
import { opDeriver } from './op-deriver.js';
import { acceleratePrecompiles } from './precompile-overlay.js';

export interface ProgramIo {
  hints: SyncChannel;
  preimages: SyncChannel;
}

export interface ProgramOptions {
  /** Derivation past the agreed block; without it only claims up to the agreed block are checked. */
  deriver?: DeriverFactory;
  log?: (line: string) => void;
  /** How blobs are checked against their KZG commitment (default: the engine's native function, else pure JS). */
  blobCommitter?: BlobCommitter;
}

/** `Math.min` for block numbers (bigint). */
function minBlock(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

export function runProgram(io: ProgramIo, options: ProgramOptions = {}): ClaimOutcome {
  const oracle = new HintedOracle(new OracleClient(io.preimages), new HintWriter(io.hints));
  const boot = readBootInfo(oracle);
  // A claim in a fork whose rules are not implemented (Lagoon) is refused before any work: a
  // one-line typed error, exit 2, never a verdict.
  const claimTime = l2BlockTimestamp(boot.rollup, boot.claimBlockNumber);
  if (claimTime !== undefined) {
    assertOpHardforkSupported(boot.rollup.hardforks, claimTime);
    // A built-in chain's schedule is known to its sources' date; a later fork could be missing.
    const knownUntil = builtinChain(boot.l2ChainId)?.knownUntil;
    if (knownUntil !== undefined && claimTime > knownUntil) {
      throw new UnsupportedError(
        `claim block ${boot.claimBlockNumber} (time ${claimTime}) is past ${knownUntil}, the date chain ${boot.l2ChainId}'s built-in fork schedule is known to; pass its configs as a custom chain`,
      );
    }
  }
  // kona's trace extension: a claim equal to the agreed output is valid without any work.
  if (equalBytes(boot.agreedOutputRoot, boot.claimedOutputRoot)) return { kind: 'valid' };

  const l2Oracle = new L2Oracle(oracle);
  const agreed = l2Oracle.outputByRoot(boot.agreedOutputRoot);
  // op-program's accelerated precompiles: ecrecover, bn256 pairing and KZG are answered by the
  // host through `l1-precompile-v2` after the same local input checks.
  const l2 = new L2Chain(l2Oracle, boot.rollup, agreed.blockHash, (base, active) =>
    acceleratePrecompiles(base, oracle, { granite: active('granite') }),
  );
  let safeHead = l2.head().header.number;
  options.log?.(`agreed L2 block ${safeHead} ${bytesToHex(agreed.blockHash)}`);

  if (boot.claimBlockNumber > safeHead) {
    if (!options.deriver) {
      throw new UnsupportedError(
        `claim block ${boot.claimBlockNumber} is past the agreed block ${safeHead} and no derivation driver is wired`,
      );
    }
    const l1 = new L1Oracle(oracle, options.blobCommitter);
    const l1Chain = new OracleL1ChainSource(l1, boot.l1Head);
    const ctx = { boot, oracle, l1, l1Chain, l2, ...(options.log ? { log: options.log } : {}) };
    safeHead = options.deriver(ctx).deriveUntil(boot.claimBlockNumber);
  }
  // op-program checks at min(claim block, safe head): a claim below the agreed block is
  // checked against that older block's output (kona would call it invalid outright).
  const at = minBlock(boot.claimBlockNumber, safeHead);
  return checkClaim(l2.outputRootAt(at), boot.claimedOutputRoot);
}

/**
 * The in-process entry (`faultline host --client.module <this file>#clientProgram`): the exit
 * code; a failure throws and the host's worker reports it as exit 2 with its message.
 */
export function clientProgram(io: ProgramIo): number {
  return exitCodeOf(runProgram(io, { deriver: opDeriver }));
}
