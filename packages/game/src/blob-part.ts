/**
 * What `PreimageOracle.loadBlobPreimagePart(z, y, commitment, proof, partOffset)` needs for a
 * blob field-element key: the key only hashes `commitment ++ z`, so that 80-byte pre-image (which
 * hosts keep under the keccak key of the same hash) names the blob and the point; the KZG proof
 * that p(z) = y is computed with c-kzg from the whole blob, rebuilt from its 4,096 field-element
 * pre-images (keyed by the bit-reversed roots of unity, EIP-4844). Nothing is taken on trust: the
 * rebuilt blob must commit to the commitment and evaluate to the step's y.
 */
import { createRequire } from 'node:module';
import { blobEvaluationPoints, FIELD_ELEMENTS_PER_BLOB } from '@faultline/client';
import { blobKey, KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { UnloadablePreimageError } from './onchain-mips.js';

export interface BlobPart {
  z: Uint8Array;
  commitment: Uint8Array;
  proof: Uint8Array;
}

interface CKzg {
  loadTrustedSetup(precompute: number): void;
  blobToKzgCommitment(blob: Uint8Array): Uint8Array;
  computeKzgProof(blob: Uint8Array, z: Uint8Array): [Uint8Array, Uint8Array];
}

let ckzg: CKzg | undefined;

function kzg(): CKzg {
  if (ckzg) return ckzg;
  const lib = createRequire(import.meta.url)('c-kzg') as CKzg;
  try {
    lib.loadTrustedSetup(0);
  } catch (e) {
    // c-kzg keeps one global setup; another module of this process may have loaded it.
    if (!String(e).includes('already loaded')) throw e;
  }
  ckzg = lib;
  return lib;
}

export function blobPreimagePart(
  key: Uint8Array,
  y: Uint8Array,
  lookup: { get(key: Uint8Array): Uint8Array | undefined } | undefined,
): BlobPart {
  const what = `blob key ${bytesToHex(key)}`;
  if (!lookup)
    throw new UnloadablePreimageError(
      `${what}: loading a blob part needs its commitment, z and the whole blob (give the host's pre-image store)`,
    );
  const sibling = key.slice();
  sibling[0] = KEY_TYPES.keccak256.byte;
  const cz = lookup.get(sibling);
  if (cz?.length !== 80)
    throw new UnloadablePreimageError(`${what}: the store has no 80-byte commitment ++ z pre-image for it`);
  const commitment = cz.slice(0, 48);
  const z = cz.slice(48);
  if (!equalBytes(blobKey(commitment, z), key))
    throw new UnloadablePreimageError(`${what}: its stored commitment ++ z does not hash to it`);
  const blob = new Uint8Array(FIELD_ELEMENTS_PER_BLOB * 32);
  const points = blobEvaluationPoints();
  for (let i = 0; i < FIELD_ELEMENTS_PER_BLOB; i++) {
    const element = lookup.get(blobKey(commitment, points[i]!));
    if (element?.length !== 32)
      throw new UnloadablePreimageError(`${what}: field element ${i} of its blob is not in the store`);
    blob.set(element, i * 32);
  }
  const lib = kzg();
  if (!equalBytes(lib.blobToKzgCommitment(blob), commitment))
    throw new UnloadablePreimageError(`${what}: the stored blob does not commit to ${bytesToHex(commitment)}`);
  const [proof, value] = lib.computeKzgProof(blob, z);
  if (!equalBytes(value, y))
    throw new UnloadablePreimageError(
      `${what}: the blob evaluates to ${bytesToHex(value)} at z, the step read ${bytesToHex(y)}`,
    );
  return { z, commitment, proof };
}
