/**
 * Test support for client.elf: where the build leaves it (`npm run build:elf`), and runners for
 * the three ways the same program reaches a verdict — client-native under `faultline host
 * --exec`, client.elf under qemu-mips the same way, and client.elf inside Faultline's MIPS VM
 * (`faultline cannon run -- faultline host --server`), each as real processes on real pipes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_DIR } from '../src/bundle.js';

export const DIST = join(PACKAGE_DIR, 'dist');
export const ELF = join(DIST, 'client.elf');
export const NATIVE = join(DIST, 'client-native');
export const BIN = resolve(PACKAGE_DIR, '..', 'cli', 'bin', 'faultline.mjs');
const NODE = [process.execPath, '--stack-size=3900'];

/** Whether the build's outputs exist; CI sets FAULTLINE_REQUIRE_ELF so their absence fails. */
export function builtElf(): boolean {
  const have = existsSync(ELF) && existsSync(NATIVE);
  if (!have && process.env.FAULTLINE_REQUIRE_ELF)
    throw new Error(`${ELF} is missing but FAULTLINE_REQUIRE_ELF is set: run "npm run build:elf" first`);
  if (!have) console.warn(`SKIPPING client.elf tests: ${ELF} not built (run "npm run build:elf")`);
  return have;
}

export interface ProcessResult {
  code: number | null;
  stderr: string;
}

/** Runs `argv` to its end, with `input` on its stdin when given; collects stderr. */
export function runProcess(argv: string[], input?: string): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    });
    if (input !== undefined) child.stdin?.end(input);
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** `faultline host <flags> --exec <client>`: the host's exit code is the verdict. */
export function hostExec(flags: string[], client: string): Promise<ProcessResult> {
  return runProcess([...NODE, BIN, 'host', ...flags, '--exec', client]);
}

export interface VmResult extends ProcessResult {
  /** Parsed from cannon run's last line. */
  exited: boolean;
  exit: number | undefined;
  steps: number | undefined;
  hash: string | undefined;
}

/** `faultline cannon run --input <prestate> -- <host…>` and what its summary line says. */
export async function cannonRun(prestate: string, host: string[], extra: string[] = []): Promise<VmResult> {
  const r = await runProcess([
    ...NODE,
    BIN,
    'cannon',
    'run',
    '--input',
    prestate,
    '--output',
    '',
    '--info-at',
    'never',
    ...extra,
    '--',
    ...host,
  ]);
  const last =
    r.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => /^\w[\w-]*: step=/.test(l))
      .at(-1) ?? '';
  const field = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(last)?.[1];
  return {
    ...r,
    exited: field('exited') === 'true',
    exit: field('exit') === undefined ? undefined : Number(field('exit')),
    steps: field('step') === undefined ? undefined : Number(field('step')),
    hash: field('hash'),
  };
}

/** The host command `cannon run` starts after `--` for one claim. */
export function serverHost(flags: string[]): string[] {
  return [...NODE, BIN, 'host', '--server', ...flags];
}

export function haveCommand(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, cmd)));
}
