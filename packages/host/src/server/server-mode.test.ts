/**
 * The real CLI (`faultline host --server`) serving on its own fds 3–6, driven by this test
 * process as the client: a hand-written op-program datadir is served, keys may arrive in
 * pieces, and a client that dies mid-request makes the host exit with one clear line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { decodePreimageLength, encodeHintFrame, keccakKey, localKey } from '@faultline/preimage';
import { bytesToHex, bytesToUnprefixedHex, keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { StreamChannel } from './stream-channel.js';

const BIN = fileURLToPath(new URL('../../../cli/bin/faultline.mjs', import.meta.url));
const PREIMAGE = utf8ToBytes('a pre-image written by hand in the op-program file layout');
const CLAIM = keccak256(PREIMAGE);

function startHost() {
  const datadir = mkdtempSync(join(tmpdir(), 'faultline-server-'));
  // op-program `file` layout: <datadir>/0x<key>.txt with the value as hex.
  writeFileSync(join(datadir, `${bytesToHex(keccakKey(CLAIM))}.txt`), bytesToUnprefixedHex(PREIMAGE));
  const args = [
    BIN,
    'host',
    '--server',
    '--datadir',
    datadir,
    '--data.format',
    'file',
    '--network',
    'op-mainnet',
    '--l1.head',
    `0x${'11'.repeat(32)}`,
    '--l2.head',
    `0x${'33'.repeat(32)}`,
    '--l2.outputroot',
    `0x${'22'.repeat(32)}`,
    '--l2.claim',
    bytesToHex(CLAIM),
    '--l2.blocknumber',
    '7',
    '--progress',
    '0',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
  const io = child.stdio as unknown as (Readable & Writable)[];
  let stderr = '';
  io[2]!.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    // The host reads hints on its fd 3 and acks on 4; reads keys on 5 and answers on 6.
    hints: new StreamChannel('hint channel', io[4]!, io[3]!),
    preimages: new StreamChannel('pre-image channel', io[6]!, io[5]!),
    rawKeyOut: io[5]!,
    closeAll: () => {
      for (const fd of [3, 4, 5, 6]) io[fd]!.destroy();
    },
    exit,
    stderr: () => stderr,
  };
}

/** A log line's message: the CLI logs through op-service-style lines (`INFO [time] msg  k=v`). */
const message = (text: string) => text.replace(/^[A-Z]+ *\[[^\]]*\] /gm, '').replace(/ +claim=\S+ block=\S+$/gm, '');

async function get(ch: StreamChannel, key: Uint8Array): Promise<Uint8Array> {
  ch.write(key);
  const len = decodePreimageLength((await ch.read(8))!);
  return len === 0 ? new Uint8Array(0) : (await ch.read(len))!;
}

describe('faultline host --server on fds 3-6', () => {
  it('serves boot keys and a hand-written datadir, then exits 0 when the client closes', async () => {
    const h = startHost();
    h.hints.write(encodeHintFrame(`l1-block-header ${bytesToHex(CLAIM)}`));
    expect(await h.hints.read(1)).toEqual(Uint8Array.of(0));
    expect(bytesToHex(await get(h.preimages, localKey(1)))).toBe(`0x${'11'.repeat(32)}`);
    expect(bytesToHex(await get(h.preimages, localKey(3)))).toBe(bytesToHex(CLAIM));
    expect(bytesToHex(await get(h.preimages, localKey(4)))).toBe('0x0000000000000007');
    expect(bytesToHex(await get(h.preimages, localKey(5)))).toBe('0x000000000000000a');
    // The key arrives in three pieces: the host must wait for the whole key.
    const key = keccakKey(CLAIM);
    h.rawKeyOut.write(key.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    h.rawKeyOut.write(key.subarray(5, 31));
    await new Promise((r) => setTimeout(r, 20));
    h.rawKeyOut.write(key.subarray(31));
    const len = decodePreimageLength((await h.preimages.read(8))!);
    expect(await h.preimages.read(len)).toEqual(PREIMAGE);
    h.closeAll();
    expect(await h.exit).toBe(0);
    // Not a verdict (the VM's exit status is); key 2 was never asked for, and the line says so.
    expect(message(h.stderr())).toBe(
      "host: client closed the pre-image channel; served all 5 requests; note: the program read only some of its boot values (local key 2 not read); the VM's exit status is the verdict\n",
    );
  });

  it('a client that dies mid-request: the host exits 2 with one line', async () => {
    const h = startHost();
    expect((await get(h.preimages, localKey(2))).length).toBe(32);
    h.rawKeyOut.write(localKey(1).subarray(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    h.closeAll();
    expect(await h.exit).toBe(2);
    expect(message(h.stderr())).toBe(
      'host: serving failed: pre-image channel: channel closed mid-frame (got 10 of 32 bytes)\n',
    );
  });

  it('default in-process mode runs --client.module in a worker and passes its exit code through', async () => {
    const datadir = mkdtempSync(join(tmpdir(), 'faultline-inproc-'));
    writeFileSync(join(datadir, `${bytesToHex(keccakKey(CLAIM))}.txt`), bytesToUnprefixedHex(PREIMAGE));
    const module = fileURLToPath(new URL('../../test-fixtures/echo-logic.ts', import.meta.url));
    const args = [
      BIN,
      'host',
      '--datadir',
      datadir,
      '--data.format',
      'file',
      '--network',
      '10',
      '--client.module',
      module,
      '--l1.head',
      `0x${'11'.repeat(32)}`,
      '--l2.head',
      `0x${'33'.repeat(32)}`,
      '--l2.outputroot',
      `0x${'22'.repeat(32)}`,
      '--l2.claim',
      bytesToHex(CLAIM),
      '--l2.blocknumber',
      '7',
      '--progress',
      '0',
    ];
    const child = spawn(process.execPath, args, { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r));
    // The pre-image text does not start with "valid", so the echo client reports an invalid claim.
    expect(message(stderr)).toBe('host: client exited with 1: claim invalid\n');
    expect(code).toBe(1);
  });

  it('bad flags are a one-line usage failure', async () => {
    const child = spawn(process.execPath, [BIN, 'host', '--server', '--network', '10'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(stderr).toBe('error: missing required flag --l2.blocknumber\n');
  });
});
