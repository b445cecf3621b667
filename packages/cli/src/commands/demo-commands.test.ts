/**
 * Issue 20 items 1-3: what the demo prints can be pasted. With --datadir kept, each run's
 * `$ npx faultline host … --exec 'faultline client'` line is run by a shell exactly as printed
 * (from the repository root, with no faultline on the PATH: npx finds the workspace's bin and
 * the host resolves "faultline client" to itself), and gives the demo's verdicts; the same
 * command without --exec runs the built-in client in-process (op-program's default mode).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../self.js';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-demo-cmds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A PATH without any faultline on it, as on a fresh clone. */
const PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules'))
  .join(':');

const sh = (command: string) =>
  spawnSync('bash', ['-c', command], { cwd: REPO, encoding: 'utf8', env: { ...process.env, PATH }, timeout: 120_000 });

describe('the demo’s printed commands run as printed', () => {
  it('each "$ npx faultline host …" line gives the verdict the demo reported; without --exec the built-in client decides', () => {
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--blocks', '4', '--datadir', join(dir, 'data')], {
      encoding: 'utf8',
      env: { ...process.env, PATH },
    });
    expect(demo.status).toBe(0);
    const printed = demo.stdout.split('\n').filter((l) => l.startsWith('  $ '));
    expect(printed).toHaveLength(2);
    for (const line of printed) {
      expect(line).toMatch(/^ {2}\$ npx faultline host .* --exec 'faultline client'$/);
      // Full hashes only: nothing shortened with an ellipsis.
      expect(line).not.toContain('…');
    }
    const [valid, invalid] = printed.map((l) => l.slice(4));
    expect(sh(valid!).status).toBe(0);
    const r = sh(invalid!);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/client exited with 1: claim invalid/);
    // Also with op-program's spellings of the same run: the claim block by its alias, the custom
    // chain said explicitly (what a --rollup.config chain gets anyway), and an experimental L2 RPC
    // that is accepted and not used — so the verdict is the same.
    expect(invalid).toContain(' --l2.blocknumber ');
    const opProgram = invalid!
      .replace(" --exec 'faultline client'", '')
      .replace(' --l2.blocknumber ', ' --l2.sequencenumber ');
    const inProcess = sh(`${opProgram} --l2.custom --l2.experimental http://127.0.0.1:9 --json`);
    expect(inProcess.status, inProcess.stderr).toBe(1);
    expect(JSON.parse(inProcess.stdout)).toMatchObject({ verdict: 'invalid', exitCode: 1 });
    expect(inProcess.stderr).toContain('--l2.experimental is not used: Faultline fetches all L2 data from --l2');
    // The same host with op-program's environment variables instead of flags (item 5).
    const ENV: Record<string, string> = {
      'l1.head': 'OP_PROGRAM_L1_HEAD',
      'l2.head': 'OP_PROGRAM_L2_HEAD',
      'l2.outputroot': 'OP_PROGRAM_L2_OUTPUT_ROOT',
      'l2.claim': 'OP_PROGRAM_L2_CLAIM',
      'l2.blocknumber': 'OP_PROGRAM_L2_BLOCK_NUM',
      'rollup.config': 'OP_PROGRAM_ROLLUP_CONFIG',
      'l2.genesis': 'OP_PROGRAM_L2_GENESIS',
      datadir: 'OP_PROGRAM_DATADIR',
      'data.format': 'OP_PROGRAM_DATA_FORMAT',
    };
    let viaEnv = valid!.replace(" --exec 'faultline client'", '');
    const assignments: string[] = [];
    for (const [flag, name] of Object.entries(ENV)) {
      viaEnv = viaEnv.replace(new RegExp(` --${flag.replaceAll('.', '\\.')} (\\S+)`), (_, v: string) => {
        assignments.push(`${name}=${v}`);
        return '';
      });
    }
    expect(assignments).toHaveLength(9);
    // op-program's --l1.trustrpc and --l1.rpckind are taken too (scripts written for it pass them).
    const env = sh(
      `${assignments.join(' ')} OP_PROGRAM_EXEC='faultline client' OP_PROGRAM_L1_TRUST_RPC=true OP_PROGRAM_L2_CHAINID=true ${viaEnv} --l1.rpckind alchemy --json --log.format json`,
    );
    expect(env.status, env.stderr).toBe(0);
    expect(JSON.parse(env.stdout)).toMatchObject({ verdict: 'valid', exitCode: 0 });
    // Every stderr line is a JSON log record.
    for (const line of env.stderr.trim().split('\n')) expect(JSON.parse(line).lvl).toBeDefined();
    const badKind = sh(`${valid!} --l1.rpckind nosuch`);
    expect([badKind.status, badKind.stderr]).toEqual([
      2,
      'error: --l1.rpckind: unknown kind "nosuch" (expected one of: alchemy, quicknode, infura, parity, nethermind, debug_geth, erigon, basic, any, standard)\n',
    ]);
  }, 240_000);

  it('without --datadir, the demo says how to keep the datadir for the printed command', () => {
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--blocks', '2'], {
      encoding: 'utf8',
      env: { ...process.env, PATH },
    });
    expect(demo.stdout).toContain(
      '(the datadir is removed when the demo ends; "npx faultline demo --datadir <dir>" keeps it for this command)',
    );
  }, 180_000);
});
