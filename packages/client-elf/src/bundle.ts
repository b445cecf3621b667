/**
 * The client as one script for QuickJS: esbuild bundles `entry.ts` and everything it imports
 * into an IIFE (no module loader, no top-level await inside the VM), then the host-built QuickJS
 * compiles it to bytecode (runtime/compile.c), which the ELF embeds. Paths are relative to the
 * repository and whitespace is minified, so the text — and the bytecode — depend only on the
 * sources, not on where the checkout lives.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BuildError } from './step.js';

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_DIR = resolve(PACKAGE_DIR, '..', '..');

/** Bundles the portable client entry into `out` and returns its size. */
export async function bundleClient(out: string): Promise<number> {
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [join(PACKAGE_DIR, 'src', 'entry.ts')],
      absWorkingDir: REPO_DIR,
      bundle: true,
      format: 'iife',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      write: false,
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      // c-kzg is reached through Node's `require` only (evm's kzg-point-evaluation.ts).
      define: { 'import.meta.url': 'undefined' },
      logLevel: 'silent',
    });
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new BuildError(`bundling the client failed: ${first?.text ?? (e as Error).message}${where}`);
  }
  const bytes = result.outputFiles[0]!.contents;
  writeFileSync(out, bytes);
  return bytes.length;
}
