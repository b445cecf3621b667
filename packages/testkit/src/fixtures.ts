/**
 * Where the shared conformance data lives. Tests never copy fixtures into the repo; they read
 * `../shared/fixtures` beside the checkout, or `$FAULTLINE_FIXTURES` when set, and skip with a
 * loud message when it is absent (a skip is never silent).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function fixturesRoot(): string {
  return process.env.FAULTLINE_FIXTURES ?? resolve(repoRoot, '../shared/fixtures');
}

/** Absolute path to a fixture, or `undefined` (with a warning on stderr) when it is missing. */
export function fixturePath(...parts: string[]): string | undefined {
  const p = join(fixturesRoot(), ...parts);
  if (existsSync(p)) return p;
  console.warn(
    `\n!!! FIXTURES MISSING: ${p} — the tests that need it are SKIPPED. Set FAULTLINE_FIXTURES or put shared/ beside the repo.\n`,
  );
  return undefined;
}

export { repoRoot };
