/**
 * `faultline demo --vm`: the demo's claims decided a second time by client.elf inside the MIPS
 * VM — `cannon load-elf` makes the absolute prestate, `cannon run` executes it instruction by
 * instruction with `faultline host --server` serving pre-images on the VM's fds 3–6, as
 * op-program runs under Cannon. The verdict is the program's exit code in the final state
 * (also the status byte of its hash: 0x00 valid, 0x01 invalid).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildClientElf } from '@faultline/client-elf';
import type { CommandContext } from '../command.js';
import { selfCommand, shellQuote } from '../self.js';

export interface VmRun {
  title: string;
  /** `faultline host` flags without the mode (this adds --server). */
  hostFlags: string[];
  expect: number;
}

interface VmResult {
  exitCode: number | undefined;
  steps: number | undefined;
  hash: string | undefined;
  ms: number;
}

function runCannon(ctx: CommandContext, node: string[], args: string[]): Promise<VmResult> {
  const t = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...node, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let last = '';
    createInterface({ input: child.stderr }).on('line', (line) => {
      last = line.startsWith('exited:') || line.startsWith('stop') ? line : last;
      ctx.stdout(`    │ ${line}`);
    });
    child.on('error', fail);
    child.on('close', () => {
      const field = (name: string) => new RegExp(`${name}=(\\S+)`).exec(last)?.[1];
      const steps = field('step');
      const exit = field('exit');
      done({
        exitCode: last.startsWith('exited:') && exit !== undefined ? Number(exit) : undefined,
        steps: steps === undefined ? undefined : Number(steps),
        hash: field('hash'),
        ms: Date.now() - t,
      });
    });
  });
}

/** Builds client.elf (cached), loads it and runs each claim in the VM; true when all verdicts are right. */
export async function runVmClaims(
  ctx: CommandContext,
  root: string,
  bin: string,
  node: string[],
  runs: readonly VmRun[],
): Promise<boolean> {
  ctx.stdout('');
  ctx.stdout('Inside the VM: client.elf (QuickJS + the same client bundle, MIPS32) under faultline cannon');
  const t = Date.now();
  const built = await buildClientElf({
    out: join(root, 'client.elf'),
    progress: (line) => ctx.stdout(`    │ build-elf: ${line}`),
  });
  ctx.stdout(`  client.elf: ${built.size} bytes, sha256 ${built.sha256} (${Date.now() - t} ms)`);
  const prestate = join(root, 'prestate.bin.gz');
  const load = ['cannon', 'load-elf', '--path', built.elf, '--out', prestate, '--meta', join(root, 'meta.json')];
  ctx.stdout(`  $ ${selfCommand(ctx.env)} ${shellQuote(load)}`);
  await runCannon(ctx, node, [bin, ...load]);
  ctx.stdout(`  absolute prestate: ${built.prestate}`);
  let ok = true;
  for (const [i, run] of runs.entries()) {
    const out = join(root, `final-${i + 3}.bin.gz`);
    const vm = [
      'cannon',
      'run',
      '--input',
      prestate,
      '--output',
      out,
      '--info-at',
      '%500000000',
      '--meta',
      join(root, 'meta.json'),
    ];
    const host = ['host', '--server', ...run.hostFlags];
    ctx.stdout('');
    ctx.stdout(`Run ${i + 3}: ${run.title}, inside the VM`);
    ctx.stdout(`  $ ${selfCommand(ctx.env)} ${shellQuote(vm)} -- faultline ${shellQuote(host)}`);
    // The host after -- is this very bin (a fresh clone has no `faultline` on the PATH).
    const r = await runCannon(ctx, node, [bin, ...vm, '--', process.execPath, ...node, bin, ...host]);
    const right = r.exitCode === run.expect;
    ok &&= right;
    const rate = r.steps !== undefined && r.ms > 0 ? `${Math.round(r.steps / (r.ms / 1000) / 1e6)} M steps/s` : '?';
    const verdict = r.exitCode === 0 ? 'VALID' : r.exitCode === 1 ? 'INVALID' : `FAILED (exit ${r.exitCode ?? 'none'})`;
    ctx.stdout(
      `  verdict: ${verdict} (VM exit code ${r.exitCode ?? '-'}, expected ${run.expect}) after ${r.steps ?? '?'} steps in ${r.ms} ms (${rate})${right ? '' : '  <-- WRONG'}`,
    );
    ctx.stdout(`  final state hash: ${r.hash ?? '?'}`);
  }
  return ok;
}
