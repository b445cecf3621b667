/**
 * 0x0a POINT_EVALUATION (EIP-4844, Cancun): verifies a KZG proof that the blob committed to by
 * `commitment` evaluates to `y` at `z`. Input is exactly 192 bytes: versioned_hash ‖ z ‖ y ‖
 * commitment (48) ‖ proof (48), and the versioned hash must be 0x01 ‖ sha256(commitment)[1:].
 * On success the output is FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS as two 32-byte words.
 *
 * The pairing check is delegated to a `KzgVerifier`; the default is c-kzg with its bundled
 * mainnet trusted setup, loaded lazily on the first call (≈2 s) and only once per process.
 * c-kzg is a native addon and returns Node Buffers, so nothing it returns is kept as is. It is
 * required at first use through Node's own `module` (not imported): the EVM is also part of the
 * fault-proof program that runs in QuickJS inside the MIPS VM, where the client answers this
 * precompile through the pre-image oracle instead (client/precompile-overlay.ts) and no
 * native addon can exist.
 */

import { BaseError, sha256 } from '@faultline/primitives';
import {
  failure,
  INVALID_INPUT_LENGTH,
  OUT_OF_GAS_RESULT,
  type Precompile,
  type PrecompileResult,
  success,
  writeBigInt,
} from './types.js';

export const POINT_EVALUATION_GAS = 50000;
export const POINT_EVALUATION_INPUT_LENGTH = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;
const FIELD_ELEMENTS_PER_BLOB = 4096n;
/** The order of the BLS12-381 scalar field (EIP-4844 BLS_MODULUS). */
const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/**
 * Verifies one KZG opening. `verifyKzgProof` throws or returns false on anything malformed;
 * `prepare` (called first, outside that error handling) loads whatever the verifier needs, so a
 * broken environment surfaces as an exception rather than as a failed precompile call.
 */
export interface KzgVerifier {
  prepare?(): void;
  verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean;
}

export class KzgUnavailableError extends BaseError {
  override name = 'KzgUnavailableError' as const;
}

interface CKzg {
  loadTrustedSetup(precompute: number): void;
  verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean;
}

declare const process: { getBuiltinModule?: (id: string) => unknown } | undefined;

let ckzg: CKzg | undefined;

/** c-kzg through Node's `require`; a typed error in an engine that is not Node. */
function loadCKzg(): CKzg {
  const nodeModule =
    typeof process === 'undefined'
      ? undefined
      : (process.getBuiltinModule?.('node:module') as
          | { createRequire(from: string): (id: string) => unknown }
          | undefined);
  if (nodeModule === undefined)
    throw new KzgUnavailableError('KZG point evaluation needs c-kzg (Node) or an injected KzgVerifier');
  return nodeModule.createRequire(import.meta.url)('c-kzg') as CKzg;
}

let trustedSetupLoaded = false;

/** c-kzg with its bundled mainnet setup (the setup file ships inside the npm package). */
export const cKzgVerifier: KzgVerifier = {
  prepare() {
    if (trustedSetupLoaded) return;
    ckzg ??= loadCKzg();
    try {
      ckzg.loadTrustedSetup(0);
    } catch (error) {
      // Another module in this process may have loaded it first; c-kzg keeps one global setup.
      if (!String(error).includes('already loaded')) throw error;
    }
    trustedSetupLoaded = true;
  },
  verifyKzgProof(commitment, z, y, proof) {
    ckzg ??= loadCKzg();
    return ckzg.verifyKzgProof(commitment, z, y, proof);
  },
};

const SUCCESS_OUTPUT = (() => {
  const out = new Uint8Array(64);
  writeBigInt(out, 0, 32, FIELD_ELEMENTS_PER_BLOB);
  writeBigInt(out, 32, 32, BLS_MODULUS);
  return out;
})();

export function createPointEvaluation(verifier: KzgVerifier = cKzgVerifier): Precompile {
  return {
    name: 'POINT_EVALUATION',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      if (POINT_EVALUATION_GAS > gasLimit) return OUT_OF_GAS_RESULT;
      if (input.length !== POINT_EVALUATION_INPUT_LENGTH) return failure(INVALID_INPUT_LENGTH);
      const commitment = input.slice(96, 144);
      const hash = sha256(commitment);
      if (input[0] !== VERSIONED_HASH_VERSION_KZG) return failure('point evaluation: mismatched versioned hash');
      for (let i = 1; i < 32; i++) {
        if (input[i] !== hash[i]) return failure('point evaluation: mismatched versioned hash');
      }
      verifier.prepare?.();
      let valid: boolean;
      try {
        valid = verifier.verifyKzgProof(commitment, input.slice(32, 64), input.slice(64, 96), input.slice(144, 192));
      } catch (error) {
        // Non-canonical z/y or a commitment/proof that is not a valid G1 point.
        return failure(`point evaluation: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!valid) return failure('point evaluation: proof verification failed');
      return success(POINT_EVALUATION_GAS, SUCCESS_OUTPUT.slice());
    },
  };
}
