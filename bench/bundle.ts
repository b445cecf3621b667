/**
 * Loads a bench module as the product runs its code: bundled by esbuild with the `faultline`
 * bin's own options (packages/cli/build.mjs `BUNDLE_OPTIONS`), into a temporary file that is
 * imported and removed. Under `node --import tsx` every source file is transpiled on its own and
 * each imported binding is read through a getter on the module object; in the bundle the modules
 * share one scope and a binding is a plain variable. The difference is not small: MULMOD and ADD
 * reach `canon`, `big` and `MASK` of words.ts that way, and weierstrudel/1 took 0.94–1.11 ms per
 * run through tsx against 0.74–0.78 ms bundled (3 runs each, 2026-12-07).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS } from '../packages/cli/build.mjs';

/** `import(entry)`, with `entry` (a path) and everything it imports bundled as the bin bundles them. */
export async function importBundled<T>(entry: string): Promise<T> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-bundle-'));
  try {
    const outfile = join(dir, 'bundle.mjs');
    await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile });
    return (await import(pathToFileURL(outfile).href)) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
