/**
 * Reading the Ethereum KZG trusted setup from the pinned c-kzg npm package (test and generator
 * helper; the client itself never reads files). Also the two tiny encoders both sides share.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SETUP_POINTS = 4096;
export const SETUP_POINT_BYTES = 96;

/** The setup file shipped in c-kzg (`deps/c-kzg/trusted_setup.txt`). */
export function trustedSetupPath(): string {
  const main = createRequire(import.meta.url).resolve('c-kzg');
  return join(dirname(main), '..', 'deps', 'c-kzg', 'trusted_setup.txt');
}

/** The 4096 compressed Lagrange-form G1 points (hex, natural order) and the file's identity. */
export function readTrustedSetupG1Lagrange(): { lines: string[]; path: string; sha256: string } {
  const path = trustedSetupPath();
  const text = readFileSync(path, 'utf8');
  const all = text.split('\n').map((l) => l.trim());
  if (all[0] !== String(SETUP_POINTS) || all[1] !== '65') {
    throw new Error(`${path}: expected "4096" and "65" on the first two lines, got "${all[0]}", "${all[1]}"`);
  }
  const lines = all.slice(2, 2 + SETUP_POINTS);
  for (const [i, l] of lines.entries()) {
    if (!/^[0-9a-f]{96}$/.test(l)) throw new Error(`${path}: G1 point ${i}: expected 96 hex digits, got "${l}"`);
  }
  return { lines, path, sha256: createHash('sha256').update(text).digest('hex') };
}

/** i with its 12 low bits reversed (the permutation of a 4096-element domain). */
export function reverseBits12(i: number): number {
  let r = 0;
  for (let k = 0; k < 12; k++) r |= ((i >> k) & 1) << (11 - k);
  return r;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
