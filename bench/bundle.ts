/**
 * Loads a bench module as the product runs its code: bundled by esbuild with the `faultline`
 * bin's own options (packages/cli/build.mjs `BUNDLE_OPTIONS`), into a temporary file that is
 * imported and removed. Under `node --import tsx` every source file is transpiled on its own and
 * each imported binding is read through a getter on the module object; in the bundle the modules
 * share one scope and a binding is a plain variable. How much that costs depends on whether V8
 * inlines the getters: a short standalone loop over weierstrudel/1 took 0.94–1.11 ms per run
 * through tsx against 0.74–0.78 ms bundled, while bench:evm's own best-of samples came out within
 * run-to-run noise of each other (erc20.transfer, snailtracer, weierstrudel; 2 runs each way,
 * 2026-12-07). Timing the bundle removes the question.
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
