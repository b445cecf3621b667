/**
 * Standard base64 (RFC 4648 §4, with padding) over Uint8Array, for the page data of
 * `state.json`. Written here because Node 20 has no `Uint8Array.toBase64` and library code
 * does not use Buffer.
 */
import { Base64Error } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function base64Encode(b: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    chunk +=
      ALPHABET[n >>> 18]! +
      ALPHABET[(n >>> 12) & 63]! +
      (i + 1 < b.length ? ALPHABET[(n >>> 6) & 63]! : '=') +
      (i + 2 < b.length ? ALPHABET[n & 63]! : '=');
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes base64 text given as ASCII bytes (whitespace not allowed). */
export function base64DecodeAscii(text: Uint8Array): Uint8Array {
  let len = text.length;
  if (len % 4 !== 0) throw new Base64Error(`base64: length ${len} is not a multiple of 4`);
  let pad = 0;
  if (len > 0 && text[len - 1] === 0x3d) pad++;
  if (len > 1 && text[len - 2] === 0x3d) pad++;
  const out = new Uint8Array((len / 4) * 3 - pad);
  len -= pad;
  let o = 0;
  for (let i = 0; i < len; i += 4) {
    const a = DECODE[text[i]!]!;
    const b = DECODE[text[i + 1]!]!;
    const c = i + 2 < len ? DECODE[text[i + 2]!]! : 0;
    const d = i + 3 < len ? DECODE[text[i + 3]!]! : 0;
    if ((a | b | c | d) < 0) throw new Base64Error(`base64: invalid character near offset ${i}`);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
