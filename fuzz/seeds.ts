/**
 * Seed material from the shared conformance data, always read through @faultline/testkit's
 * locator (`../shared/fixtures` or `$FAULTLINE_FIXTURES`) and never copied into the repo. Missing
 * fixtures are announced by the locator and leave a target with its generated seeds only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hexToBytes } from '@faultline/primitives';
import { fixturePath, fixturesRoot } from '@faultline/testkit';

export function fixtureBytes(...parts: string[]): Uint8Array | undefined {
  const p = fixturePath(...parts);
  return p === undefined ? undefined : new Uint8Array(readFileSync(p));
}

export function fixtureJson<T>(...parts: string[]): T | undefined {
  const b = fixtureBytes(...parts);
  if (b === undefined) return undefined;
  const text = parts[parts.length - 1]!.endsWith('.gz') ? gunzipSync(b).toString('utf8') : new TextDecoder().decode(b);
  return JSON.parse(text) as T;
}

/** Files under a fixture directory (recursively) whose names end in `suffix`, sorted, at most `limit`. */
export function fixtureFiles(dir: string[], suffix: string, limit = Number.POSITIVE_INFINITY): string[] {
  const root = fixturePath(...dir);
  if (root === undefined) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (out.length >= limit) return;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(suffix)) out.push(p);
    }
  };
  walk(root);
  return out;
}

export interface KonaFixture {
  name: string;
  parentHeader: Record<string, unknown>;
  transactions: Uint8Array[];
}

/** The kona stateless-execution fixtures: parent header JSON and the payload's raw transactions. */
export function konaFixtures(): KonaFixture[] {
  let names: string[];
  try {
    names = readdirSync(fixturesRoot()).filter((n) => n.startsWith('kona-exec-'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const f = fixtureJson<{ parent_header: Record<string, unknown>; executing_payload: { transactions: string[] } }>(
      name,
      'fixture.json',
    )!;
    return {
      name,
      parentHeader: f.parent_header,
      transactions: f.executing_payload.transactions.map((t) => hexToBytes(t)),
    };
  });
}

/** The trie nodes and code of a kona fixture's key-value dump. */
export function konaKv(name: string): Uint8Array[] {
  const kv = fixtureJson<Record<string, string>>(name, 'kv.json.gz');
  return kv === undefined ? [] : Object.values(kv).map((v) => hexToBytes(`0x${v}`));
}

/** `txbytes` of the post states of EEST state tests under `dir` (types 3 and 4 live there). */
export function eestTxBytes(dir: string[], limitFiles: number): Uint8Array[] {
  const out = new Map<string, Uint8Array>();
  for (const file of fixtureFiles(dir, '.json', limitFiles)) {
    const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      { post?: Record<string, { txbytes?: string }[]> }
    >;
    for (const t of Object.values(tests)) {
      for (const entries of Object.values(t.post ?? {})) {
        for (const e of entries) if (e.txbytes && !out.has(e.txbytes)) out.set(e.txbytes, hexToBytes(e.txbytes));
      }
    }
  }
  return [...out.values()];
}
