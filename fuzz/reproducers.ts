/**
 * Reproducers: `fuzz/reproducers/<target>/<id>.bin` is the (minimized) input of a failure the
 * campaign found (`<id>.bin.gz` when it is still over 16 KiB, so every file stays small), `<id>.txt` says what it was (`found:`) and what the code must do with it now
 * (`expect:`, one outcome line). A reproducer without an `expect:` line is an open finding; the
 * regression test fails on it until the bug is fixed and the line recorded
 * (`npm run fuzz -- --replay --record`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export const REPRODUCERS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'reproducers');

/** Inputs larger than this are stored gzipped (a 300 KB ELF string table compresses to bytes). */
const GZIP_ABOVE = 16 << 10;

export interface Reproducer {
  readonly target: string;
  readonly id: string;
  readonly input: Uint8Array;
  readonly found: string;
  readonly signature: string;
  readonly expect: string | undefined;
  readonly path: string;
}

function field(text: string, name: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}:`));
  const v = line?.slice(name.length + 1).trim();
  return v === undefined || v === '' ? undefined : v;
}

export function loadReproducers(dir = REPRODUCERS_DIR): Reproducer[] {
  if (!existsSync(dir)) return [];
  const out: Reproducer[] = [];
  for (const target of readdirSync(dir, { withFileTypes: true })) {
    if (!target.isDirectory()) continue;
    const tdir = join(dir, target.name);
    for (const name of readdirSync(tdir).sort()) {
      const gz = name.endsWith('.bin.gz');
      if (!gz && !name.endsWith('.bin')) continue;
      const id = name.slice(0, gz ? -7 : -4);
      const notes = existsSync(join(tdir, `${id}.txt`)) ? readFileSync(join(tdir, `${id}.txt`), 'utf8') : '';
      const raw = readFileSync(join(tdir, name));
      out.push({
        target: target.name,
        id,
        input: new Uint8Array(gz ? gunzipSync(raw) : raw),
        found: field(notes, 'found') ?? '',
        signature: field(notes, 'signature') ?? '',
        expect: field(notes, 'expect'),
        path: join(tdir, `${id}.txt`),
      });
    }
  }
  return out;
}

/**
 * Writes a new reproducer unless an open one (no `expect:` yet) has the same signature; a fixed
 * one with the same signature does not count — the fix did not cover this input. Returns the path.
 */
export function writeReproducer(
  target: string,
  input: Uint8Array,
  found: string,
  signature: string,
  dir = REPRODUCERS_DIR,
): string | undefined {
  const open = loadReproducers(dir).filter((r) => r.expect === undefined);
  if (open.some((r) => r.target === target && r.signature === signature)) return undefined;
  const id = createHash('sha256').update(input).digest('hex').slice(0, 12);
  const tdir = join(dir, target);
  mkdirSync(tdir, { recursive: true });
  const file = join(tdir, input.length > GZIP_ABOVE ? `${id}.bin.gz` : `${id}.bin`);
  writeFileSync(file, input.length > GZIP_ABOVE ? gzipSync(input, { level: 9 }) : input);
  writeFileSync(join(tdir, `${id}.txt`), `found: ${found}\nsignature: ${signature}\nexpect:\n`);
  return file;
}

/** Sets the `expect:` line of a reproducer's notes. */
export function recordExpectation(r: Reproducer, expect: string): void {
  const notes = existsSync(r.path) ? readFileSync(r.path, 'utf8') : `found: ${r.found}\n`;
  const lines = notes.split('\n').filter((l) => !l.startsWith('expect:') && l !== '');
  writeFileSync(r.path, `${[...lines, `expect: ${expect}`].join('\n')}\n`);
}
