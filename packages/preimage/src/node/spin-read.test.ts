/**
 * The non-blocking twin of a pipe reads the same bytes as the original, a poll with nothing to
 * read gives up (-1) at its deadline instead of blocking, and end-of-file is 0. (Whether
 * `spinRead` polls at all depends on the machine's load, so the tests drive `pollRead`.)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nonBlockingTwin, pollRead } from './spin-read.js';

function fifo(): { read: number; write: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-spin-')), 'p');
  execFileSync('mkfifo', [path]);
  const read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const write = openSync(path, constants.O_WRONLY);
  return { read, write };
}

describe('pollRead on a non-blocking twin', () => {
  it('shares the pipe with the original, gives up when empty, and sees end-of-file', () => {
    const p = fifo();
    const twin = nonBlockingTwin(p.read);
    expect(twin).toBeTypeOf('number');
    const buf = new Uint8Array(8);

    const t0 = performance.now();
    expect(pollRead(twin!, buf, 0, 8, t0 + 2)).toBe(-1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2);

    writeSync(p.write, Uint8Array.of(1, 2, 3, 4, 5));
    // A deadline already past still tries once.
    expect(pollRead(twin!, buf, 2, 3, 0)).toBe(3);
    expect([...buf.subarray(2, 5)]).toEqual([1, 2, 3]);
    // The rest is still in the pipe for the original descriptor.
    expect(readSync(p.read, buf, 0, 8, null)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([4, 5]);

    closeSync(p.write);
    expect(pollRead(twin!, buf, 0, 8, performance.now() + 2)).toBe(0);
    closeSync(twin!);
    closeSync(p.read);
  });

  it('has no twin for a descriptor that is not a pipe', () => {
    const fd = openSync(join(mkdtempSync(join(tmpdir(), 'faultline-spin-')), 'f'), 'w+');
    expect(nonBlockingTwin(fd)).toBeUndefined();
    closeSync(fd);
  });
});
