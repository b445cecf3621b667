/**
 * `faultline cannon run / witness / verify-step` as real processes on bad input (issue 18):
 * every flag is checked before the host starts (a host that starts leaves a marker file), a host
 * command that does not exist is one line and exit 2, the host never outlives the command, and a
 * file that is not a state or a proof is a one-line error naming the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeStateJson, MipsState } from '@faultline/mips';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-cannon-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A program that has already exited: `run` finishes at once. */
const STATE = join(dir, 'state.json');
const exited = new MipsState();
exited.exited = true;
writeFileSync(STATE, [...encodeStateJson(exited)].join(''));

function faultline(args: string[]) {
  // The timeout only keeps a regression (a hang) from stalling the suite; it is not asserted on.
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
}

/** A host command that records that it started, then waits on its channels like a real host. */
function markerHost(name: string): { argv: string[]; started: () => boolean } {
  const marker = join(dir, `${name}.started`);
  return { argv: ['sh', '-c', `touch '${marker}'; exec cat <&5 >/dev/null`], started: () => existsSync(marker) };
}

/** The one-line error contract: exit 2, one stderr line, no stack frame, no JS class name. */
function expectOneLineError(r: ReturnType<typeof faultline>, message: string | RegExp): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('cannon run: everything is checked before the host starts', () => {
  it.each([
    [
      '--stop-at-preimage-type',
      'bogus',
      /^error: --stop-at-preimage-type: unknown type "bogus" \(expected one of: any, local/,
    ],
    ['--stop-at-preimage-type', 'toString', /unknown type "toString"/],
    [
      '--stop-at-preimage-larger-than',
      'lots',
      /^error: --stop-at-preimage-larger-than: expected a non-negative integer, got "lots"$/,
    ],
    ['--stop-at-preimage', '0x12', /^error: --stop-at-preimage: .*expected 32 bytes/],
    ['--proof-at', '~3', /^error: --proof-at: invalid step pattern "~3"/],
    ['--meta', 'missing-meta.json', /^error: --meta: cannot read missing-meta\.json/],
    // Outputs whose directory cannot be made fail before the run, not after it (issue 20 item 8).
    ['--output', 'state.json/out.json', /^error: --output state\.json\/out\.json: a parent of it is not a directory$/],
    ['--html', 'state.json/run.html', /^error: --html state\.json\/run\.html: a parent of it is not a directory$/],
  ])('%s %s → one-line error, exit 2, the host never started', (flag, value, message) => {
    const host = markerHost(`flag${flag}${value}`);
    const r = faultline(['cannon', 'run', '--input', STATE, flag, value, '--', ...host.argv]);
    expectOneLineError(r, message);
    expect(host.started()).toBe(false);
  });

  it('a meta.json that is not JSON names the file; the host never started', () => {
    writeFileSync(join(dir, 'bad-meta.json'), '{"symbols": [');
    const host = markerHost('bad-meta');
    const r = faultline(['cannon', 'run', '--input', STATE, '--meta', 'bad-meta.json', '--', ...host.argv]);
    expectOneLineError(r, /^error: --meta bad-meta\.json: /);
    expect(host.started()).toBe(false);
  });

  it('an input that is not a state (meta.json, {}) names the file; the host never started', () => {
    writeFileSync(join(dir, 'meta.json'), '{"symbols":[]}');
    writeFileSync(join(dir, 'empty.json'), '{}');
    for (const input of ['meta.json', 'empty.json']) {
      const host = markerHost(`input-${input}`);
      const r = faultline(['cannon', 'run', '--input', input, '--', ...host.argv]);
      expectOneLineError(
        r,
        new RegExp(`^error: ${input.replace('.', '\\.')}: state json: not a VM state: missing required field`),
      );
      expect(host.started()).toBe(false);
    }
  });

  it('a host command that does not exist: one line, exit 2, no stack trace', () => {
    const r = faultline(['cannon', 'run', '--input', STATE, '--output', '', '--', '/nonexistent/host', '--server']);
    expectOneLineError(
      r,
      /^error: cannot start the host command "\/nonexistent\/host": spawn \/nonexistent\/host ENOENT$/,
    );
  });

  it('a host that does not exit when its channels close is killed, and the run fails (exit 2)', () => {
    const pidFile = join(dir, 'stubborn.pid');
    const r = faultline([
      'cannon',
      'run',
      '--input',
      STATE,
      '--output',
      '',
      '--',
      'sh',
      '-c',
      `echo $$ > '${pidFile}'; exec sleep 600`,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: the host did not exit after its channels were closed and was killed');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('a host that serves and exits 0: the run succeeds', () => {
    const host = markerHost('good');
    const r = faultline(['cannon', 'run', '--input', STATE, '--output', '', '--', ...host.argv]);
    expect(r.stderr).toMatch(/^exited: step=0 exited=true exit=0/m);
    expect(r.status).toBe(0);
    expect(host.started()).toBe(true);
  });
});

describe('cannon witness / verify-step on files that are not what they claim', () => {
  it('witness --input meta.json / {} / a proof file → one-line error naming the file', () => {
    writeFileSync(join(dir, 'proof.json'), JSON.stringify({ step: 0, pre: '0x00', post: '0x00' }));
    for (const input of ['meta.json', 'empty.json', 'proof.json']) {
      const r = faultline(['cannon', 'witness', '--input', input]);
      expectOneLineError(r, new RegExp(`^error: ${input.replace('.', '\\.')}: state json: not a VM state`));
    }
  });

  it('verify-step with 225 bytes of state-data, or a file that is not JSON → exit 2 naming the file', () => {
    const short = {
      step: 0,
      pre: `0x${'00'.repeat(32)}`,
      post: `0x${'00'.repeat(32)}`,
      'state-data': `0x${'00'.repeat(225)}`,
      'proof-data': '0x',
    };
    writeFileSync(join(dir, 'short.json'), JSON.stringify(short));
    expectOneLineError(
      faultline(['cannon', 'verify-step', '--proof', 'short.json']),
      /^error: short\.json: proof: field "state-data": .*expected 226 bytes, got 225/,
    );
    writeFileSync(join(dir, 'garbage.json'), '{"step": ');
    expectOneLineError(
      faultline(['cannon', 'verify-step', '--proof', 'garbage.json']),
      /^error: garbage\.json: not a JSON proof file: /,
    );
  });
});
