/**
 * UTF-8 (RFC 3629) without TextEncoder/TextDecoder, which QuickJS — the engine of client.elf —
 * does not have. Decoding follows the WHATWG Encoding Standard's UTF-8 decoder (§4.1): a
 * malformed sequence becomes one U+FFFD per maximal subpart, or, with `fatal`, an error.
 */
import { BaseError } from './errors.js';

export class Utf8Error extends BaseError {
  override name = 'Utf8Error' as const;
}

export function utf8ToBytes(text: string): Uint8Array {
  // Worst case 3 bytes per UTF-16 unit (a surrogate pair is 2 units → 4 bytes).
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // A lone surrogate is encoded as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
    }
    out[n++] = 0x80 | (c & 0x3f);
  }
  return out.slice(0, n);
}

/** Decodes UTF-8; malformed input becomes U+FFFD, or throws `Utf8Error` when `fatal`. */
export function bytesToUtf8(bytes: Uint8Array, options: { fatal?: boolean } = {}): string {
  const units: number[] = [];
  let text = '';
  const flush = (): void => {
    text += String.fromCharCode.apply(null, units);
    units.length = 0;
  };
  const bad = (at: number): void => {
    if (options.fatal) throw new Utf8Error(`malformed UTF-8 at byte ${at}`);
    units.push(0xfffd);
  };
  let i = 0;
  while (i < bytes.length) {
    if (units.length > 8192) flush();
    const b = bytes[i]!;
    if (b < 0x80) {
      units.push(b);
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (WHATWG: excludes overlongs,
    // surrogates and code points above U+10FFFF).
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      bad(i);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const c = j < bytes.length ? bytes[j]! : -1;
      if (c < lo || c > hi) {
        ok = false;
        break;
      }
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      // The maximal subpart [i, j) is replaced by one U+FFFD; decoding resumes at j.
      bad(i);
      i = j;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    i = j;
  }
  flush();
  return text;
}
