/**
 * Deposit source hashes (OP spec deposits.md "Source hash computation"): `keccak256(domain ++
 * keccak256(payload))` with the domain as a 32-byte big-endian integer, so that deposits from
 * different origins can never share a hash.
 */
import { bigIntToBytes, concatBytes, keccak256, utf8ToBytes } from '@faultline/primitives';

export const DEPOSIT_SOURCE_DOMAIN = { userDeposit: 0n, l1InfoDeposit: 1n, upgradeDeposit: 2n } as const;

function sourceHash(domain: bigint, inner: Uint8Array): Uint8Array {
  return keccak256(concatBytes(bigIntToBytes(domain, 32), keccak256(inner)));
}

/** A user deposit: the L1 block hash and the deposit log's index among all logs of that block. */
export function userDepositSourceHash(l1BlockHash: Uint8Array, l1LogIndex: bigint): Uint8Array {
  return sourceHash(DEPOSIT_SOURCE_DOMAIN.userDeposit, concatBytes(l1BlockHash, bigIntToBytes(l1LogIndex, 32)));
}

/** The L1-attributes deposit: the L1 origin hash and the L2 block's sequence number in its epoch. */
export function l1InfoDepositSourceHash(l1BlockHash: Uint8Array, sequenceNumber: bigint): Uint8Array {
  return sourceHash(DEPOSIT_SOURCE_DOMAIN.l1InfoDeposit, concatBytes(l1BlockHash, bigIntToBytes(sequenceNumber, 32)));
}

/** A network-upgrade deposit, identified by its UTF-8 intent string. */
export function upgradeDepositSourceHash(intent: string): Uint8Array {
  return sourceHash(DEPOSIT_SOURCE_DOMAIN.upgradeDeposit, utf8ToBytes(intent));
}
