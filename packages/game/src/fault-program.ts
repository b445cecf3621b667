/**
 * The fault-proof program as the challenger runs it, both ways: natively (`faultline host` with
 * its in-process client; exit 0 valid / 1 invalid / 2 failure) to decide an output root, and as
 * client.elf inside our MIPS VM (`faultline host --server` on the VM's fds) for the execution
 * trace of one disputed block. Both take their boot values from the game exactly as
 * FaultDisputeGame supplies them to MIPS.step (l1Head, starting output, disputed output, its block
 * number, the chain id), with kona's numbering for the chain's configs — the chain id under key 5
 * is then the game's own `l2ChainId`, and keys 6/7 carry the rollup and L1 configs (not local
 * data FaultDisputeGame can supply: a step that reads them is undecidable on chain; see README).
 * Traces are kept per subgame (its local inputs), so actors in one process share the VM runs.
 * A trace's pre-images are fetched first by a native run with the same boot values (online, into
 * the datadir), and the VM's host then serves them offline: the VM blocks on its oracle, and an
 * L2 node running in the same process (the devnet) could not answer a host that fetched on demand.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MipsState } from '@faultline/mips';
import { BaseError, bytesToHex } from '@faultline/primitives';
import { CannonTrace, type TraceStats } from './cannon-trace.js';

export class FaultProgramError extends BaseError {
  override name = 'FaultProgramError' as const;
}

/** The boot values of one run of the program (what the game's local keys 1–5 hold). */
export interface ProgramInputs {
  l1Head: Uint8Array;
  /** The agreed L2 block (the host serves its output pre-image and fetches from it). */
  agreedBlockHash: Uint8Array;
  agreedOutput: Uint8Array;
  claimedOutput: Uint8Array;
  claimBlock: bigint;
}

export interface FaultProgramOptions {
  /** How to start this project's `faultline` bin (e.g. [node, .../faultline.mjs]). */
  faultline: string[];
  /** `faultline host` flags naming the chain: --rollup.config, --l2.genesis, --program, --l1.chainconfig, … */
  configFlags: string[];
  /** `faultline host` flags of the RPCs the native runs fetch from: --l1, --l2 (, --l1.beacon). */
  rpcFlags: string[];
  /** Where pre-images are kept (shared by every run: keys are content hashes). */
  datadir: string;
  /** client.elf's absolute prestate (the VM state at step 0). */
  prestate: MipsState;
  snapshotEvery?: number;
  /**
   * Another program over the same chain and datadir whose native runs this one shares (a run's
   * verdict and the pre-images it leaves depend only on its inputs), e.g. a dishonest actor's
   * program beside the honest one's in the demo. Traces are not shared: each program runs its own.
   */
  shareNativeRunsWith?: FaultProgram;
  log?: (line: string) => void;
}

function bootFlags(i: ProgramInputs): string[] {
  return [
    '--l1.head',
    bytesToHex(i.l1Head),
    '--l2.head',
    bytesToHex(i.agreedBlockHash),
    '--l2.outputroot',
    bytesToHex(i.agreedOutput),
    '--l2.claim',
    bytesToHex(i.claimedOutput),
    '--l2.blocknumber',
    i.claimBlock.toString(),
  ];
}

const keyOf = (i: ProgramInputs) =>
  `${[i.l1Head, i.agreedBlockHash, i.agreedOutput, i.claimedOutput].map(bytesToHex).join('/')}/${i.claimBlock}`;

export class FaultProgram {
  /** Native runs by inputs (shared with `shareNativeRunsWith`'s). */
  private readonly runs: Map<string, Promise<{ code: number | null; last: string }>>;
  /** Inputs whose native run this program used. */
  private readonly used = new Set<string>();
  private readonly told = new Set<string>();
  private readonly traces = new Map<string, Promise<CannonTrace>>();
  /** Native runs this program needed (each one `faultline host` process, made here or by the program it shares them with). */
  nativeRuns = 0;

  constructor(readonly options: FaultProgramOptions) {
    mkdirSync(join(options.datadir, 'preimages'), { recursive: true });
    const other = options.shareNativeRunsWith;
    if (other && other.options.datadir !== options.datadir)
      throw new FaultProgramError(
        `programs sharing native runs must share the datadir (${other.options.datadir}, not ${options.datadir})`,
      );
    this.runs = other ? other.runs : new Map();
  }

  /** The native client's exit code (0 valid, 1 invalid, else failure) and last log line; cached. */
  private native(inputs: ProgramInputs): Promise<{ code: number | null; last: string }> {
    const key = keyOf(inputs);
    if (!this.used.has(key)) {
      this.used.add(key);
      this.nativeRuns++;
    }
    let p = this.runs.get(key);
    if (!p) {
      const o = this.options;
      const argv = [
        ...o.faultline,
        'host',
        ...o.configFlags,
        ...o.rpcFlags,
        ...bootFlags(inputs),
        '--datadir',
        join(o.datadir, 'preimages'),
      ];
      p = (async () => {
        const { code, stderr } = await run(argv);
        return { code, last: stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${code}` };
      })();
      this.runs.set(key, p);
    }
    return p;
  }

  /** The native client's verdict on a claim; a failed run (exit 2) is an error naming its reason. */
  async verdict(inputs: ProgramInputs): Promise<'valid' | 'invalid'> {
    const { code, last } = await this.native(inputs);
    if (code !== 0 && code !== 1)
      throw new FaultProgramError(
        `the fault-proof program could not decide claim ${bytesToHex(inputs.claimedOutput)} at block ${inputs.claimBlock}: ${last}`,
      );
    const v = code === 0 ? 'valid' : 'invalid';
    if (!this.told.has(keyOf(inputs))) {
      this.told.add(keyOf(inputs));
      this.options.log?.(
        `program: claim ${bytesToHex(inputs.claimedOutput)} at L2 block ${inputs.claimBlock} is ${v.toUpperCase()} (native run)`,
      );
    }
    return v;
  }

  /** client.elf's execution trace for these boot values (one offline host process serves all its runs). */
  trace(inputs: ProgramInputs): Promise<CannonTrace> {
    const key = keyOf(inputs);
    let t = this.traces.get(key);
    if (!t) {
      const o = this.options;
      t = (async () => {
        // Any verdict, even a failure, leaves every pre-image the program reads in the datadir.
        await this.native(inputs);
        return CannonTrace.open({
          prestate: o.prestate,
          host: [
            ...o.faultline,
            'host',
            '--server',
            ...o.configFlags,
            ...bootFlags(inputs),
            '--datadir',
            join(o.datadir, 'preimages'),
          ],
          ...(o.snapshotEvery !== undefined ? { snapshotEvery: o.snapshotEvery } : {}),
          ...(o.log ? { log: o.log } : {}),
        });
      })();
      this.traces.set(key, t);
    }
    return t;
  }

  /** VM work over every trace. */
  async stats(): Promise<TraceStats & { traces: number }> {
    const out = { runs: 0, steps: 0, ms: 0, traces: 0 };
    for (const p of this.traces.values()) {
      const t = await p;
      out.runs += t.stats.runs;
      out.steps += t.stats.steps;
      out.ms += t.stats.ms;
      out.traces++;
    }
    return out;
  }

  async close(): Promise<void> {
    for (const p of this.traces.values()) await (await p).close();
    this.traces.clear();
  }
}

function run(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.length > 1 << 16) stderr = stderr.slice(-(1 << 15));
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}
