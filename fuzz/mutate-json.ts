/**
 * Structure-aware mutation of JSON documents (state.json, step proofs, meta.json): parse the
 * seed, change one value — a number becomes an edge of its type (−1, 2^32, 2^53, 1.5, a string),
 * a string is cut, extended, emptied or byte-mutated, an object loses or repeats a key, an array
 * grows or shrinks — then print it again, sometimes with a repeated key (which `JSON.parse`
 * would silently merge). Targets can add their own string generators (base64-of-zlib pages).
 */
import { havoc, type MutateContext } from './mutate.js';
import type { Rng } from './rng.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const EDGE_NUMBERS = [0, -1, 1, 255, 256, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 64, 1.5, -0.5, 1e300];

const latin1 = new TextDecoder('latin1');
const utf8 = new TextEncoder();

export interface JsonMutateOptions {
  /** Replacement strings for a key (e.g. page data), tried now and then instead of generic ones. */
  readonly strings?: (key: string, old: string, rng: Rng) => string | undefined;
}

interface Slot {
  holder: Json[] | { [k: string]: Json } | undefined;
  key: string | number;
  value: Json;
}

function collect(value: Json, out: Slot[], holder?: Slot['holder'], key: string | number = ''): void {
  out.push({ holder, key, value });
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) collect(value[i]!, out, value, i);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collect(v, out, value, k);
}

function mutateString(s: string, key: string, rng: Rng, ctx: MutateContext, opts: JsonMutateOptions): string {
  const custom = rng.oneIn(2) ? opts.strings?.(key, s, rng) : undefined;
  if (custom !== undefined) return custom;
  switch (rng.int(8)) {
    case 0:
      return '';
    case 1:
      return s.slice(0, rng.int(s.length + 1));
    case 2:
      return `${s}${s.slice(0, rng.int(s.length + 1))}`;
    case 3:
      return rng.pick([
        '0x',
        '0x0',
        '0x00',
        `0x${'f'.repeat(64)}`,
        `0x${'0'.repeat(65)}`,
        '0xg0',
        '==',
        'AAAA',
        '\u00ff',
      ]);
    default: {
      const bytes = havoc(utf8.encode(s), rng, { ...ctx, maxLength: Math.max(64, s.length * 2 + 16) });
      return latin1.decode(bytes);
    }
  }
}

function mutateValue(slot: Slot, rng: Rng, ctx: MutateContext, opts: JsonMutateOptions): Json | typeof REMOVE {
  const v = slot.value;
  const key = String(slot.key);
  if (rng.oneIn(10)) return REMOVE;
  if (rng.oneIn(12)) return rng.pick<Json>([null, true, false, 0, '', [], {}, '0x']);
  if (typeof v === 'number') {
    return rng.oneIn(4) ? String(v) : rng.oneIn(2) ? rng.pick(EDGE_NUMBERS) : v + rng.pick([-1, 1, 4, -4, 4096]);
  }
  if (typeof v === 'string') return mutateString(v, key, rng, ctx, opts);
  if (Array.isArray(v)) {
    const a = v.slice();
    const r = rng.int(5);
    if (r === 0) a.length = rng.int(a.length + 1);
    else if (r === 1 && a.length > 0) a.push(a[rng.int(a.length)]!);
    else if (r === 2) for (let i = rng.int(40); i > 0; i--) a.push(a.length > 0 ? a[0]! : 0);
    else if (r === 3 && a.length > 1) a.reverse();
    else a.push(rng.pick<Json>([0, -1, 2 ** 32, '0', null, {}]));
    return a;
  }
  if (v !== null && typeof v === 'object') {
    const o: { [k: string]: Json } = { ...v };
    const keys = Object.keys(o);
    if (keys.length > 0 && rng.oneIn(2)) delete o[rng.pick(keys)];
    else o[rng.pick(['extra', 'memory', 'cpu', 'step', 'pc', ''])] = rng.pick<Json>([0, [], {}, '0x', null]);
    return o;
  }
  return rng.pick<Json>([0, 1, '0', [], {}]);
}

const REMOVE = Symbol('remove');

/** JSON text; `dupKey` makes one object print a key twice. */
function print(value: Json, rng: Rng, dupKey: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => print(v, rng, dupKey)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${print(v, rng, dupKey)}`);
    if (dupKey && entries.length > 0 && rng.oneIn(3)) entries.push(entries[rng.int(entries.length)]!);
    return `{${entries.join(rng.oneIn(50) ? ' ,\n ' : ',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** One JSON-aware mutation, or `undefined` when the input is not JSON. */
export function mutateJson(
  input: Uint8Array,
  rng: Rng,
  ctx: MutateContext,
  opts: JsonMutateOptions = {},
): Uint8Array | undefined {
  let doc: Json;
  try {
    doc = JSON.parse(new TextDecoder().decode(input)) as Json;
  } catch {
    return undefined;
  }
  const rounds = 1 + (rng.oneIn(3) ? rng.int(3) : 0);
  for (let i = 0; i < rounds; i++) {
    const slots: Slot[] = [];
    collect(doc, slots);
    const slot = rng.pick(slots);
    const next = mutateValue(slot, rng, ctx, opts);
    if (slot.holder === undefined) doc = next === REMOVE ? {} : next;
    else if (next === REMOVE) {
      if (Array.isArray(slot.holder)) slot.holder.splice(slot.key as number, 1);
      else delete slot.holder[slot.key as string];
    } else (slot.holder as Record<string | number, Json>)[slot.key] = next;
  }
  const out = utf8.encode(print(doc, rng, rng.oneIn(8)));
  return out.length > ctx.maxLength ? out.subarray(0, ctx.maxLength) : out;
}
