/**
 * Loading pre-image parts into PreimageOracle 1.0.0 (in our EVM) by key type, read back with
 * `readPreimage` as MIPS.step reads them: keccak, sha256, a local key under a context, a blob
 * field element with a KZG proof computed from the stored blob; and the parts oracle 1.0.0
 * cannot hold, each refused with its reason.
 */
import { createRequire } from 'node:module';
import { blobEvaluationPoints } from '@faultline/client';
import { blobKey, keccakKeyOf, localKey, precompileKey, sha256KeyOf } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, keccak256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { OnchainMips, UnloadablePreimageError } from './onchain-mips.js';
import { keccakSibling, loadPreimagePart } from './onchain-step.js';

const prefixed = (data: Uint8Array) => concatBytes(u64ToBytes(data.length), data);
const chain = new OnchainMips();

function partAt(value: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(32);
  out.set(value.subarray(offset, offset + 32));
  return out;
}

describe('loadPreimagePart', () => {
  const data = utf8ToBytes('a pre-image that is longer than one thirty-two byte part');

  it('keccak256 and sha256 parts at any offset before the end', () => {
    for (const [key, name] of [
      [keccakKeyOf(data), 'loadKeccak256PreimagePart'],
      [sha256KeyOf(data), 'loadSha256PreimagePart'],
    ] as const) {
      for (const offset of [0, 4, 8, 40, 8 + data.length - 1]) {
        const r = loadPreimagePart(chain, key, prefixed(data), offset);
        expect(r.method).toBe(name);
        expect(r.outcome.success, r.outcome.error).toBe(true);
        const read = chain.readPreimage(key, offset)!;
        expect(bytesToHex(read.part)).toBe(bytesToHex(partAt(prefixed(data), offset)));
        expect(read.length).toBe(BigInt(Math.min(32, 8 + data.length - offset)));
      }
    }
  });

  it('a read at the very end of a keccak pre-image is refused (PartOffsetOOB)', () => {
    expect(() => loadPreimagePart(chain, keccakKeyOf(data), prefixed(data), 8 + data.length)).toThrow(/PartOffsetOOB/);
  });

  it('local keys are localized by caller and context; more than 32 bytes cannot be local data', () => {
    const ctx = keccak256(utf8ToBytes('ctx'));
    const value = u64ToBytes(1234n);
    expect(loadPreimagePart(chain, localKey(4), prefixed(value), 0, { localContext: ctx }).outcome.success).toBe(true);
    // The raw key holds nothing: only the localized one (keccak(key ++ caller ++ context)).
    expect(chain.readPreimage(localKey(4), 0)).toBeUndefined();
    const localized = keccak256(concatBytes(localKey(4), new Uint8Array(12), hexToBytes(chain.caller), ctx));
    localized[0] = 1;
    expect(chain.readPreimage(localized, 0)?.part.subarray(0, 16)).toEqual(prefixed(value));
    expect(() => loadPreimagePart(chain, localKey(7), prefixed(new Uint8Array(33)), 0)).toThrow(
      UnloadablePreimageError,
    );
  });

  it('a blob field element: commitment ++ z and the blob from the store, proof by c-kzg', () => {
    const kzg = createRequire(import.meta.url)('c-kzg') as {
      loadTrustedSetup(p: number): void;
      blobToKzgCommitment(b: Uint8Array): Uint8Array;
    };
    try {
      kzg.loadTrustedSetup(0);
    } catch {
      // already loaded in this process
    }
    const blob = new Uint8Array(4096 * 32);
    for (let i = 0; i < 4096; i++) blob.set(keccak256(u64ToBytes(i)).subarray(0, 31), i * 32 + 1);
    const commitment = kzg.blobToKzgCommitment(blob);
    const points = blobEvaluationPoints();
    const store = new Map<string, Uint8Array>();
    for (let i = 0; i < 4096; i++)
      store.set(bytesToHex(blobKey(commitment, points[i]!)), blob.slice(i * 32, i * 32 + 32));
    const i = 77;
    const key = blobKey(commitment, points[i]!);
    store.set(bytesToHex(keccakSibling(key)), concatBytes(commitment, points[i]!));
    const lookup = { get: (k: Uint8Array) => store.get(bytesToHex(k)) };
    const y = blob.slice(i * 32, i * 32 + 32);
    const r = loadPreimagePart(chain, key, prefixed(y), 8, { lookup });
    expect(r.method).toBe('loadBlobPreimagePart');
    expect(r.outcome.success, r.outcome.error).toBe(true);
    expect(chain.readPreimage(key, 8)?.part).toEqual(y);
    // A y the blob does not evaluate to is refused before any transaction.
    expect(() => loadPreimagePart(chain, key, prefixed(new Uint8Array(32)), 8, { lookup })).toThrow(/evaluates to/);
    expect(() => loadPreimagePart(chain, key, prefixed(y), 8)).toThrow(/needs its commitment/);
  });

  it('a precompile part is named as what oracle 1.0.0 cannot key', () => {
    const key = precompileKey(new Uint8Array(20).fill(1), 3000n, new Uint8Array(128));
    expect(() => loadPreimagePart(chain, key, prefixed(new Uint8Array(33)), 0)).toThrow(/without|requiredGas/);
  });
});
