/**
 * Headless Chromium (Debian's `chromium`, in .ci/apt-packages) taking a screenshot of a local
 * file, with the flags this machine needs: no sandbox as root, no GPU, and no background
 * networking (the network is closed; Chromium's own connections would be refused).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** A PNG screenshot of `file` at the given window size. */
export function screenshot(file: string, width = 800, height = 1400): Uint8Array {
  if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium)');
  const dir = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
  try {
    const png = join(dir, 'shot.png');
    const r = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--screenshot=${png}`,
        `--window-size=${width},${height}`,
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (!existsSync(png)) throw new Error(`chromium wrote no screenshot (exit ${r.status}): ${r.stderr.slice(-400)}`);
    return new Uint8Array(readFileSync(png));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
