/**
 * Everything an honest actor needs, built from the flags a user gives (op-challenger's
 * spelling in the CLI): the absolute prestate (client.elf, loaded as `load-elf` does, or a state
 * file), the chain's configs in kona's boot-key form (the rollup config with `chain_op_config`
 * taken from the L2 genesis when it lacks one, and the L1 chain config), the L2 output source and
 * the fault-proof program runner over one datadir.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RpcClient } from '@faultline/host';
import { loadElf, type MipsState, parseElf, patchStack, readStateFile, stateHash } from '@faultline/mips';
import { BaseError } from '@faultline/primitives';
import { FaultProgram } from './fault-program.js';
import { L2OutputSource } from './output-source.js';
import { HonestView } from './trace-view.js';

export class SetupError extends BaseError {
  override name = 'SetupError' as const;
}

/** client.elf (an ELF file: loaded with the stack patch, as its recorded prestate is) or a VM state file. */
export async function loadPrestate(path: string): Promise<MipsState> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new SetupError(`prestate ${path}: ${(e as Error).message}`);
  }
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    const s = loadElf(parseElf(bytes));
    patchStack(s);
    return s;
  }
  const s = await readStateFile(path);
  if (s.step !== 0) throw new SetupError(`prestate ${path}: a state at step ${s.step}, not an absolute prestate`);
  return s;
}

/** The rollup config in kona's form (key 6): `chain_op_config` from the genesis when absent. */
export function konaRollupConfig(rollupPath: string, genesisPath: string): Record<string, unknown> {
  const read = (p: string, what: string) => {
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new SetupError(`${what} ${p}: ${(e as Error).message}`);
    }
  };
  const rollup = read(rollupPath, 'rollup config');
  if (rollup.chain_op_config !== undefined) return rollup;
  const op = (read(genesisPath, 'L2 genesis').config as { optimism?: Record<string, unknown> } | undefined)?.optimism;
  if (!op || op.eip1559Elasticity === undefined || op.eip1559Denominator === undefined)
    throw new SetupError(
      `L2 genesis ${genesisPath}: no config.optimism EIP-1559 parameters for kona's chain_op_config`,
    );
  return {
    ...rollup,
    chain_op_config: {
      eip1559Elasticity: op.eip1559Elasticity,
      eip1559Denominator: op.eip1559Denominator,
      eip1559DenominatorCanyon: op.eip1559DenominatorCanyon ?? op.eip1559Denominator,
    },
  };
}

export interface HonestSetupOptions {
  l1Url: string;
  l2Url: string;
  /** The L1 beacon API (blob pre-images), passed to the host as --l1.beacon. */
  l1BeaconUrl?: string;
  /** An op-node whose optimism_outputAtBlock must agree with the recomputed output roots. */
  rollupUrl?: string;
  rollupConfig: string;
  l2Genesis: string;
  /** The L1's chain config or genesis (kona's key 7: the L1 blob schedule). */
  l1Genesis: string;
  prestate: MipsState;
  datadir: string;
  faultline: string[];
  snapshotEvery?: number;
  nativeOutputs?: boolean;
  /** Share native runs with this program (same chain and datadir; see FaultProgramOptions). */
  shareNativeRunsWith?: FaultProgram;
  log?: (line: string) => void;
}

export interface HonestSetup {
  program: FaultProgram;
  view: HonestView;
  outputs: L2OutputSource;
  prestateHash: Uint8Array;
}

export function honestSetup(o: HonestSetupOptions): HonestSetup {
  const program = new FaultProgram({
    faultline: o.faultline,
    configFlags: [],
    rpcFlags: ['--l1', o.l1Url, '--l2', o.l2Url, ...(o.l1BeaconUrl ? ['--l1.beacon', o.l1BeaconUrl] : [])],
    datadir: o.datadir,
    prestate: o.prestate,
    ...(o.snapshotEvery !== undefined ? { snapshotEvery: o.snapshotEvery } : {}),
    ...(o.shareNativeRunsWith ? { shareNativeRunsWith: o.shareNativeRunsWith } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  const kona = join(o.datadir, 'rollup-kona.json');
  writeFileSync(kona, `${JSON.stringify(konaRollupConfig(o.rollupConfig, o.l2Genesis), null, 2)}\n`);
  program.options.configFlags.push(
    '--rollup.config',
    kona,
    '--l2.genesis',
    o.l2Genesis,
    '--program',
    'kona',
    '--l1.chainconfig',
    o.l1Genesis,
  );
  const outputs = new L2OutputSource(
    new RpcClient(o.l2Url, 'L2'),
    o.rollupUrl ? new RpcClient(o.rollupUrl, 'rollup') : undefined,
  );
  const view = new HonestView({
    outputs,
    program,
    ...(o.nativeOutputs !== undefined ? { nativeOutputs: o.nativeOutputs } : {}),
  });
  return { program, view, outputs, prestateHash: stateHash(o.prestate) };
}

/**
 * The chain config of an L1 with every fork through Prague active from genesis and Prague's blob
 * schedule (EIP-7691: target 6, max 9, update fraction 5,007,716) — anvil's `--hardfork prague`,
 * the devnet's L1 — for kona's local key 7.
 */
export function pragueL1ChainConfig(chainId: bigint): Record<string, unknown> {
  const blocks = ['homestead', 'eip150', 'eip155', 'eip158', 'byzantium', 'constantinople', 'petersburg', 'istanbul'];
  return {
    chainId: Number(chainId),
    ...Object.fromEntries([...blocks, 'berlin', 'london', 'mergeNetsplit'].map((f) => [`${f}Block`, 0])),
    terminalTotalDifficulty: 0,
    shanghaiTime: 0,
    cancunTime: 0,
    pragueTime: 0,
    blobSchedule: {
      cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3_338_477 },
      prague: { target: 6, max: 9, baseFeeUpdateFraction: 5_007_716 },
    },
  };
}
