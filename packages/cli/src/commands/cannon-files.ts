/**
 * Files the cannon commands write: JSON (a proof, meta.json; `-` is stdout) and paths a pattern
 * names (`--proof-fmt out/proof-%d.json`), whose directory is made when the file is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const ensureDir = (path: string) => mkdirSync(dirname(path), { recursive: true });

export const writeJson = (path: string, value: unknown) => {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (path === '-') process.stdout.write(text);
  else {
    ensureDir(path);
    writeFileSync(path, text);
  }
};
