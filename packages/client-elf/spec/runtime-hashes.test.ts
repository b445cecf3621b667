/**
 * The runtime's C keccak-256 and sha-256 (runtime/keccak.c, sha256.c — the ones client.elf calls
 * for every trie node and versioned hash) against independent implementations (@noble/hashes'
 * keccak, Node's sha-256) on every length 0..600: all padding cases, one to five rate blocks.
 * Built with the host's gcc; the same sources are compiled for MIPS by the ELF build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from '../src/bundle.js';
import { haveCommand } from './support.js';

describe.skipIf(!haveCommand('gcc'))('runtime keccak-256 and sha-256', () => {
  it('match @noble/hashes and node:crypto on lengths 0..600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-hashes-'));
    try {
      const runtime = join(PACKAGE_DIR, 'runtime');
      const exe = join(dir, 'harness');
      execFileSync('gcc', [
        '-O2',
        '-Wall',
        '-Werror',
        `-I${runtime}`,
        join(runtime, 'keccak.c'),
        join(runtime, 'sha256.c'),
        join(PACKAGE_DIR, 'spec', 'hash-harness.c'),
        '-o',
        exe,
      ]);
      const lines = execFileSync(exe, { encoding: 'utf8' }).trim().split('\n');
      expect(lines).toHaveLength(601);
      const buf = new Uint8Array(600);
      for (let i = 0; i < 600; i++) buf[i] = (i * 7 + 3) & 0xff;
      for (const line of lines) {
        const [n, k, s] = line.split(' ');
        const data = buf.subarray(0, Number(n));
        expect(k, `keccak of ${n} bytes`).toBe(Buffer.from(keccak_256(data)).toString('hex'));
        expect(s, `sha-256 of ${n} bytes`).toBe(createHash('sha256').update(data).digest('hex'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
