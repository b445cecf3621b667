/**
 * `faultline demo`: the whole fault-proof system on a chain generated on the spot. It builds a
 * small deterministic L1/L2 chain (testkit's generator: deposits, singular and span batches,
 * Holocene, Isthmus, Jovian and Karst activating mid-chain after the agreed block, the L2 chain
 * derived with the real pipeline), writes every
 * pre-image into a datadir, and runs `faultline host` offline with `faultline client` as a real
 * child process twice: once with the true claim (valid, exit 0) and once with a tampered claim
 * (invalid, exit 1). Everything it prints is meant to show what a dispute game would see.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { bytesToHex } from '@faultline/primitives';
import {
  type ChainDatadir,
  type GeneratedChain,
  generateChain,
  offlineHostFlags,
  writeChainDatadir,
} from '@faultline/testkit/chain';
import { type CommandContext, type CommandSpec, flagString, UsageError } from '../command.js';
import { BIN, NODE_ARGS, selfCommand, shellQuote } from '../self.js';
import { runVmClaims } from './demo-vm.js';

const DEFAULT_BLOCKS = 12;
const VERDICT: Record<number, string> = { 0: 'VALID', 1: 'INVALID', 2: 'FAILED (client could not decide)' };

interface RunResult {
  exitCode: number;
  stderr: string[];
}

/** The `faultline host` flags of one offline run with `faultline client` as its child. */
function hostFlags(chain: GeneratedChain, dirs: ChainDatadir, claim: Uint8Array, clientCmd: string): string[] {
  return [...offlineHostFlags(chain, dirs, claim), '--progress', '1', '--exec', clientCmd];
}

/** Runs the host as a child process; its stderr (progress, the client's verdict line) is streamed. */
function runHost(
  ctx: CommandContext,
  chain: GeneratedChain,
  dirs: ChainDatadir,
  claim: Uint8Array,
): Promise<RunResult> {
  const clientCmd = [process.execPath, ...NODE_ARGS, BIN, 'client'].join(' ');
  const args = [...NODE_ARGS, BIN, 'host', ...hostFlags(chain, dirs, claim, clientCmd)];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const lines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      lines.push(line);
      ctx.stdout(`    │ ${line}`);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ exitCode: code ?? (signal ? 2 : 2), stderr: lines }));
  });
}

function parseBlocks(ctx: CommandContext): number {
  const raw = flagString(ctx, 'blocks') ?? String(DEFAULT_BLOCKS);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 2 || n > 600)
    throw new UsageError(`--blocks: expected an integer in 2..600, got ${raw}`);
  return n;
}

function describe(ctx: CommandContext, chain: GeneratedChain, dirs: ChainDatadir, ms: number): void {
  const out = ctx.stdout;
  const b = chain.boot;
  const l1 = chain.l1.blocks;
  out(`Generated chain (seed "${chain.seed}") in ${ms} ms:`);
  out(`  L1: ${l1.length} blocks ${l1[0]!.header.number}..${l1.at(-1)!.header.number}, head ${bytesToHex(b.l1Head)}`);
  out(`      1 user deposit through the portal (TransactionDeposited log), ${chain.batches.length} batcher posts:`);
  for (const block of l1.slice(1)) {
    const n = block.header.number;
    const batch = chain.batches.find((x) => x.l1Block === n);
    if (!batch) {
      out(`      L1 block ${n}: no batcher post (its epoch's blocks ride in the next span batch)`);
      continue;
    }
    const first = batch.l2Blocks[0];
    const last = batch.l2Blocks.at(-1);
    const kind = batch.kind === 'singular' ? 'singular batches' : 'one span batch';
    const carrier = batch.carrier === 'blob' ? 'one blob (type-3 tx)' : `${batch.frames} calldata txs`;
    out(
      `      L1 block ${n}: ${kind} for L2 blocks ${first}..${last}, zlib channel in ${batch.frames} frames, ${carrier}`,
    );
  }
  const f = chain.forks;
  out(
    `  L2: ${chain.l2.length - 1} blocks after genesis (${chain.userTransactions} user txs), Ecotone/Fjord/Granite from genesis`,
  );
  out(
    `      forks crossed by the dispute: Holocene at block ${f.holocene}, Isthmus at ${f.isthmus}, Jovian at ${f.jovian} (min base fee, DA footprint), Karst at ${f.karst} (Osaka rules, its NUT bundle)`,
  );
  out(`      derived from L1 with the real pipeline (runDerivation + stateless block builder)`);
  out(
    `  Pre-images: ${chain.preimages.size} (L1 headers, tx/receipt trie nodes, blob commitments and field elements; L2 headers, tx tries, state nodes, code, outputs)`,
  );
  out(`  Datadir: ${dirs.root}`);
  out(`  Dispute: agreed L2 block ${b.agreedBlockNumber} (output ${bytesToHex(b.agreedOutputRoot)})`);
  out(`           claim at L2 block ${b.claimBlockNumber}: ${bytesToHex(b.claimedOutputRoot)}`);
}

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'end-to-end demo on a generated chain',
  description: `
Generates a small deterministic L1/L2 chain, writes every pre-image into a datadir, then runs
"faultline host" offline with "faultline client" as a child process twice: the correct claim must
be found VALID (exit 0) and a tampered claim INVALID (exit 1). Exits 0 when both verdicts are right.`,
  options: [
    { name: 'blocks', value: '<n>', help: 'L2 blocks to generate (the claim block)', default: String(DEFAULT_BLOCKS) },
    { name: 'seed', value: '<text>', help: 'seed for keys and channel ids', default: 'faultline' },
    {
      name: 'datadir',
      value: '<dir>',
      help: 'write pre-images and configs here and keep them (default: temp dir, removed)',
    },
    {
      name: 'vm',
      help: 'also decide both claims inside the MIPS VM with client.elf (built and cached on first use)',
    },
  ],
  examples: ['faultline demo', 'faultline demo --blocks 30 --datadir ./demo-data', 'faultline demo --vm --blocks 4'],
  run: async (ctx) => {
    const blocks = parseBlocks(ctx);
    const seed = flagString(ctx, 'seed') ?? 'faultline';
    const keep = flagString(ctx, 'datadir');
    const root = keep !== undefined ? resolve(keep) : mkdtempSync(join(tmpdir(), 'faultline-demo-'));
    const started = Date.now();
    const chain = generateChain({ blocks, seed });
    const generatedMs = Date.now() - started;
    const dirs = writeChainDatadir(chain, root);
    describe(ctx, chain, dirs, generatedMs);
    ctx.stdout(`  (datadir written in ${Date.now() - started - generatedMs} ms)`);

    const tampered = chain.boot.claimedOutputRoot.slice();
    tampered[31]! ^= 0x01;
    const runs = [
      { title: 'correct claim', claim: chain.boot.claimedOutputRoot, expect: 0 },
      { title: 'tampered claim (last bit flipped)', claim: tampered, expect: 1 },
    ];
    let ok = true;
    try {
      for (const [i, run] of runs.entries()) {
        ctx.stdout('');
        ctx.stdout(`Run ${i + 1}: ${run.title} ${bytesToHex(run.claim)}`);
        // Full hashes and real paths, so the line can be pasted (the host resolves "faultline").
        ctx.stdout(
          `  $ ${selfCommand(ctx.env)} host ${shellQuote(hostFlags(chain, dirs, run.claim, 'faultline client'))}`,
        );
        if (keep === undefined)
          ctx.stdout(
            `    (the datadir is removed when the demo ends; "${selfCommand(ctx.env)} demo --datadir <dir>" keeps it for this command)`,
          );
        const t = Date.now();
        const result = await runHost(ctx, chain, dirs, run.claim);
        const verdict = VERDICT[result.exitCode] ?? `UNEXPECTED EXIT ${result.exitCode}`;
        const right = result.exitCode === run.expect;
        ok &&= right;
        ctx.stdout(
          `  verdict: ${verdict} (exit code ${result.exitCode}, expected ${run.expect}) in ${Date.now() - t} ms${right ? '' : '  <-- WRONG'}`,
        );
      }
      if (ctx.flags.vm === true) {
        const vmRuns = runs.map((r) => ({
          title: r.title,
          expect: r.expect,
          hostFlags: offlineHostFlags(chain, dirs, r.claim),
        }));
        ok = (await runVmClaims(ctx, root, BIN, [...NODE_ARGS], vmRuns)) && ok;
      }
    } finally {
      if (keep === undefined) rmSync(root, { recursive: true, force: true });
    }
    ctx.stdout('');
    ctx.stdout(
      ok
        ? 'Demo passed: the true claim is VALID and the tampered claim INVALID.'
        : 'Demo FAILED: a verdict was wrong (see above).',
    );
    return ok ? 0 : 1;
  },
};
