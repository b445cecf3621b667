/**
 * State roots of the EEST state tests (execution-spec-tests v5.4.0 `state_tests`): every
 * `post[fork][i]` carries the full expected post-state allocation (`state`) and its root
 * (`hash`). Building a `TrieState` from that allocation must reproduce the root exactly; this
 * exercises account encoding, storage tries and the secure account trie on ~14.5k real states.
 *
 * `npm test` runs every 8th file of each fork directory (deterministic, ~1/8 of the vectors);
 * `npm run test:state-roots` (FAULTLINE_FULL_STATE_ROOTS=1) runs all of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { allocStateRoot, type GenesisAlloc } from '../src/index.js';

const STRIDE = process.env.FAULTLINE_FULL_STATE_ROOTS === '1' ? 1 : 8;
const dir = fixturePath('ethereum-tests', 'execution-spec-tests', 'state_tests');

type Post = { hash: string; state?: GenesisAlloc; indexes: unknown };
type StateTest = { post: Record<string, Post[]> };

describe.runIf(dir)(`EEST post-state roots (every ${STRIDE === 1 ? '' : `${STRIDE}th `}file)`, () => {
  for (const fork of readdirSync(dir!).sort()) {
    const files = (readdirSync(join(dir!, fork), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.json'))
      .sort()
      .filter((_, i) => i % STRIDE === 0);
    if (files.length === 0) continue;
    it(`${fork}: ${files.length} files`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const file of files) {
        const tests = JSON.parse(readFileSync(join(dir!, fork, file), 'utf8')) as Record<string, StateTest>;
        for (const [name, test] of Object.entries(tests)) {
          for (const [postFork, posts] of Object.entries(test.post)) {
            posts.forEach((post, i) => {
              if (post.state === undefined) return;
              checked++;
              const root = bytesToHex(allocStateRoot(post.state));
              if (root !== post.hash) failures.push(`${file} ${name} ${postFork}[${i}]: ${root} != ${post.hash}`);
            });
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }
});
