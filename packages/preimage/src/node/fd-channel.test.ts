/**
 * FdChannel over a real non-blocking FIFO: reads that hit EAGAIN back off and retry, data that
 * arrives in pieces from another process is reassembled, and end-of-file is a typed error.
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
