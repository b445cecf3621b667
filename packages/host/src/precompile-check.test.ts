/**
 * A stored precompile result (key type 6) is served only if re-running its call gives exactly
 * that value: the call comes from the keccak pre-image stored beside it or from the last hint.
 * Uses the sha-256 precompile (0x02), whose output is easy to state independently.
 */
import { formatHint, HINT_TYPES, keccakKeyOf, precompileKey } from '@faultline/preimage';
import { concatBytes, hexToBytes, sha256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MemoryKv } from './kv/memory-kv.js';
import { PrecompileResultError } from './precompile-check.js';
import { PreimageHost } from './preimage-host.js';

const SHA256 = hexToBytes('0x0000000000000000000000000000000000000002');
const INPUT = utf8ToBytes('abc');
const GAS = 72;
const CALL_V2 = concatBytes(SHA256, u64ToBytes(GAS), INPUT);
const KEY_V2 = precompileKey(SHA256, GAS, INPUT);
const RESULT = concatBytes(Uint8Array.of(1), sha256(INPUT));

function host(entries: [Uint8Array, Uint8Array][], verify = true, program?: 'kona'): PreimageHost {
  const store = new MemoryKv();
  for (const [k, v] of entries) store.put(k, v);
  return new PreimageHost({ store, verify, ...(program ? { program } : {}) });
}

describe('stored precompile results are recomputed before they are served', () => {
  it('the right result is served (call from the keccak pre-image stored beside it)', async () => {
    const h = host([
      [keccakKeyOf(CALL_V2), CALL_V2],
      [KEY_V2, RESULT],
    ]);
    expect(await h.get(KEY_V2)).toEqual(RESULT);
    // Checked once per value: the second read is answered synchronously.
    expect(h.get(KEY_V2)).toEqual(RESULT);
  });

  it.each([
    ['a flipped output byte', () => RESULT.map((b, i) => (i === RESULT.length - 1 ? b ^ 1 : b))],
    ['the status byte turned to failure', () => concatBytes(Uint8Array.of(0), RESULT.subarray(1))],
    ['a failure answer with no output', () => Uint8Array.of(0)],
    ['an extra byte', () => concatBytes(RESULT, Uint8Array.of(0))],
  ])('a wrong result (%s) is refused', async (_what, wrong) => {
    const h = host([
      [keccakKeyOf(CALL_V2), CALL_V2],
      [KEY_V2, wrong()],
    ]);
    await expect(async () => h.get(KEY_V2)).rejects.toThrow(PrecompileResultError);
    await expect(async () => h.get(KEY_V2)).rejects.toThrow(/differs from precompile 0x0+2 run on its input/);
  });

  it('a result whose call is unknown cannot be checked and is refused', async () => {
    const h = host([[KEY_V2, RESULT]]);
    await expect(async () => h.get(KEY_V2)).rejects.toThrow(/cannot be checked: the call it answers is neither stored/);
  });

  it('a corrupted call pre-image is refused too (it is verified against its keccak key)', async () => {
    const bad = CALL_V2.slice();
    bad[bad.length - 1]! ^= 1;
    const h = host([
      [keccakKeyOf(CALL_V2), bad],
      [KEY_V2, RESULT],
    ]);
    await expect(async () => h.get(KEY_V2)).rejects.toThrow(/^pre-image for key 0x02.* hashes to 0x02/);
  });

  it('the call may come from the last hint alone (v2 and legacy layouts)', async () => {
    const h = host([[KEY_V2, RESULT]]);
    h.hint(formatHint(HINT_TYPES.l1PrecompileV2, CALL_V2));
    expect(await h.get(KEY_V2)).toEqual(RESULT);

    const legacyCall = concatBytes(SHA256, INPUT);
    const legacyKey = keccakKeyOf(legacyCall);
    legacyKey[0] = 6;
    const legacy = host([
      [keccakKeyOf(legacyCall), legacyCall],
      [legacyKey, RESULT],
    ]);
    legacy.hint(formatHint(HINT_TYPES.l1Precompile, legacyCall));
    expect(await legacy.get(legacyKey)).toEqual(RESULT);
  });

  it('with verification off (the benchmark), the value is served as stored', () => {
    const h = host([[KEY_V2, Uint8Array.of(9)]], false);
    expect(h.get(KEY_V2)).toEqual(Uint8Array.of(9));
  });

  it('kona’s `l1-precompile` carries the gas (the v2 layout): read so when serving kona, as legacy for op-program', async () => {
    // From the hint alone.
    const kona = host([[KEY_V2, RESULT]], true, 'kona');
    kona.hint(formatHint(HINT_TYPES.l1Precompile, CALL_V2));
    expect(await kona.get(KEY_V2)).toEqual(RESULT);
    // Stored beside the result, with that hint last: op-program would run sha256(gas ‖ input).
    const stored: [Uint8Array, Uint8Array][] = [
      [keccakKeyOf(CALL_V2), CALL_V2],
      [KEY_V2, RESULT],
    ];
    const konaStored = host(stored, true, 'kona');
    konaStored.hint(formatHint(HINT_TYPES.l1Precompile, CALL_V2));
    expect(await konaStored.get(KEY_V2)).toEqual(RESULT);
    const op = host(stored);
    op.hint(formatHint(HINT_TYPES.l1Precompile, CALL_V2));
    await expect(async () => op.get(KEY_V2)).rejects.toThrow(PrecompileResultError);
  });
});
