/**
 * A TypeScript test fixture (a client run as a child process, importing the workspace's
 * packages) bundled by esbuild into one JavaScript file, so a test that starts it twenty times
 * pays Node's start each time, not tsx's loader and the compilation of every import (~0.6
 * CPU-seconds a start; issue 19, the suite's CPU budget). The same source runs either way.
 * Bundled once per test process, into a temporary directory removed when the process exits.
 * Only for fixtures whose graph has no native module and no `import.meta.url`: the bundle lives
 * elsewhere than its sources.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

const bundles = new Map<string, string>();
let dir: string | undefined;

/** The path of `entry` (a .ts file) bundled as ES module JavaScript. */
export function bundledFixture(entry: string): string {
  const known = bundles.get(entry);
  if (known !== undefined) return known;
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'faultline-fixture-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const out = join(dir, `${bundles.size}-${basename(entry).replace(/\.ts$/, '.mjs')}`);
  buildSync({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  bundles.set(entry, out);
  return out;
}
