/**
 * The bundle's one source substitution — the brotli dictionary, decoded lazily from base64 — is
 * checked by running a bundled channel decompressor (the code QuickJS gets) on brotli channels
 * that Node's own brotli produced, and comparing with the input.
 */
import { brotliCompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleScript } from './bundle.js';

describe('bundleScript', () => {
  it('decompresses brotli channels with the substituted dictionary', async () => {
    const code = new TextDecoder().decode(await bundleScript('packages/derive/src/decompress.ts', 'derive'));
    expect(code).not.toContain('0x74, 0x69, 0x6d'); // the 122 KB array literal is gone
    const derive = new Function(`${code}; return derive;`)() as {
      decompressChannel(
        data: Uint8Array,
        limit: number,
        fjord: boolean,
      ): { algo?: string; data: Uint8Array; error?: unknown };
    };
    // English text makes the encoder reach for dictionary words (RFC 7932 §8).
    const text = 'the quick brown fox jumps over the lazy dog; information, government, international '.repeat(40);
    const plain = new TextEncoder().encode(text);
    const stream = brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    const channel = new Uint8Array([0x01, ...stream]);
    const out = derive.decompressChannel(channel, 1 << 20, true);
    expect(out.error).toBeUndefined();
    expect(out.algo).toBe('brotli');
    expect(out.data).toEqual(plain);
  });
});
