/**
 * FdChannel over real FIFOs: reads that hit EAGAIN back off and retry, data that arrives in
 * pieces from another process is reassembled, end-of-file is a typed error, and the views it
 * hands out of its read-ahead slabs stay intact while later frames arrive.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChannelClosedError } from '../errors.js';
import { FdChannel } from './fd-channel.js';

describe('FdChannel on a non-blocking fd', () => {
  it('retries EAGAIN, reassembles short reads, and reports end-of-file', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'faultline-fifo-')), 'ch');
    execFileSync('mkfifo', [fifo]);
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    // Holding a writer open makes an empty FIFO answer EAGAIN (not end-of-file).
    const holdFd = openSync(fifo, constants.O_WRONLY);
    const writer = spawn('sh', ['-c', `printf 01234 > ${fifo}; sleep 0.3; printf 56789 > ${fifo}`]);
    const ch = new FdChannel('pre-image channel', readFd, holdFd);
    // Blocks this thread (with Atomics.wait back-off) until the second piece arrives.
    expect(new TextDecoder().decode(ch.readExact(10))).toBe('0123456789');
    await new Promise((r) => writer.on('exit', r));
    closeSync(holdFd);
    expect(() => ch.readExact(1)).toThrow(new ChannelClosedError('pre-image channel', 0, 1));
    closeSync(readFd);
  });
});

/** Frame i has length SIZES[i] and every byte equal to i mod 251. */
const SIZES = Array.from({ length: 600 }, (_, i) => [0, 1, 8, 100, 532, 2047, 9000, 14336, 14337, 40000][i % 10]!);

describe('FdChannel read-ahead slabs', () => {
  it('returns every frame intact across slab boundaries, and earlier views never change', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'faultline-fifo-')), 'ch');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs'); const fd = fs.openSync(${JSON.stringify(fifo)}, 'w');
       ${JSON.stringify(SIZES)}.forEach((n, i) => fs.writeSync(fd, new Uint8Array(n).fill(i % 251)));`,
    ]);
    const readFd = openSync(fifo, constants.O_RDONLY);
    const ch = new FdChannel('pre-image channel', readFd, readFd);
    const frames = SIZES.map((n) => ch.readExact(n));
    await new Promise((r) => writer.on('exit', r));
    frames.forEach((frame, i) => {
      expect(frame.length).toBe(SIZES[i]);
      expect(frame.every((b) => b === i % 251)).toBe(true);
    });
    expect(() => ch.readExact(1)).toThrow(new ChannelClosedError('pre-image channel', 0, 1));
    closeSync(readFd);
  });
});
