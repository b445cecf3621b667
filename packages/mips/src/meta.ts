/**
 * `meta.json` (Cannon `Metadata`): the ELF's symbols sorted by start address, used to name the
 * function a pc is in (info lines) and to spot a program stuck in `runtime.notesleep`.
 */
import type { ElfFile } from './elf.js';
import { MetadataError } from './errors.js';

export interface MetaSymbol {
  name: string;
  start: number;
  size: number;
}

export interface Metadata {
  symbols: MetaSymbol[];
}

export function makeMetadata(elf: ElfFile): Metadata {
  const symbols = elf.symbols.map((s) => ({ name: s.name, start: s.value, size: s.size }));
  symbols.sort((a, b) => a.start - b.start);
  return { symbols };
}

/** Checks parsed `meta.json` (untrusted input) and returns it as `Metadata`. */
export function parseMetadata(value: unknown): Metadata {
  const symbols = (value as { symbols?: unknown } | null)?.symbols;
  if (typeof value !== 'object' || !Array.isArray(symbols))
    throw new MetadataError('meta: expected an object with a "symbols" array');
  const out: MetaSymbol[] = symbols.map((sym, i) => {
    const { name, start, size } = (sym ?? {}) as Record<string, unknown>;
    // Addresses of 64-bit programs (cannon64) exceed 2^32; any exact non-negative integer is fine.
    const addr = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    if (typeof name !== 'string' || !addr(start) || !addr(size))
      throw new MetadataError(
        `meta: symbols[${i}]: expected {"name": string, "start": integer, "size": integer} (non-negative, below 2^53)`,
      );
    return { name, start: start as number, size: size as number };
  });
  // lookupSymbol bisects: keep the order it needs even if the file was edited by hand.
  out.sort((a, b) => a.start - b.start);
  return { symbols: out };
}

/** Name of the symbol containing `addr`: `!start` before the first, `!gap` between symbols. */
export function lookupSymbol(meta: Metadata, addr: number): string {
  const syms = meta.symbols;
  if (syms.length === 0) return '!unknown';
  let lo = 0;
  let hi = syms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (syms[mid]!.start > addr) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return '!start';
  const s = syms[lo - 1]!;
  if (s.start + s.size < addr) return '!gap';
  return s.name;
}

/** Start/end of a symbol by name, for guards such as the `runtime.notesleep` abort. */
export function symbolRange(meta: Metadata, name: string): { start: number; end: number } | undefined {
  const s = meta.symbols.find((x) => x.name === name);
  return s ? { start: s.start, end: s.start + s.size } : undefined;
}
