/**
 * Deterministic keys for generated chains: every private key is keccak256 of a label and the
 * seed, so the same seed always yields the same accounts, signatures (RFC 6979 nonces) and hence
 * the same chain. Test and demo keys only — never use them for anything of value.
 */
import { keccak256, utf8ToBytes } from '@faultline/primitives';
import { secp256k1 } from '@noble/curves/secp256k1.js';

export interface TestAccount {
  readonly label: string;
  readonly privateKey: Uint8Array;
  readonly address: Uint8Array;
}

/** The account `label` of the chain generated with `seed`. */
export function testAccount(seed: string, label: string): TestAccount {
  const privateKey = keccak256(utf8ToBytes(`faultline/chain/${seed}/${label}`));
  const publicKey = secp256k1.getPublicKey(privateKey, false);
  // Ethereum address: last 20 bytes of keccak256 of the uncompressed key without its 0x04 prefix.
  const address = keccak256(publicKey.subarray(1)).subarray(12);
  return { label, privateKey, address };
}

/** A recoverable secp256k1 signature of a 32-byte hash: yParity, r, s. */
export function signHash(hash: Uint8Array, privateKey: Uint8Array): { yParity: bigint; r: bigint; s: bigint } {
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(hash, privateKey, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  return { yParity: BigInt(sig.recovery ?? 0), r: sig.r, s: sig.s };
}
