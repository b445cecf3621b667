/**
 * 20-byte addresses: parsing with exact errors, EIP-55 checksums, and CREATE / CREATE2
 * address derivation (Yellow Paper §7, EIP-1014).
 */
import { bytesToHex, concatBytes, type Hex, hexToBytes } from './bytes.js';
import { keccak256 } from './hash.js';
import { rlpEncode } from './rlp.js';
import { utf8ToBytes } from './utf8.js';

export type Address = Hex;

export function addressToBytes(address: string): Uint8Array {
  return hexToBytes(address, 20);
}

export function bytesToAddress(bytes: Uint8Array): Address {
  return bytesToHex(bytes) as Address;
}

/** EIP-55 mixed-case checksum. */
export function toChecksumAddress(address: string): Address {
  const lower = bytesToHex(addressToBytes(address)).slice(2);
  const hash = bytesToHex(keccak256(utf8ToBytes(lower))).slice(2);
  let out = '0x';
  for (let i = 0; i < 40; i++) out += Number.parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i];
  return out as Address;
}

/** CREATE: keccak(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: Uint8Array, nonce: bigint): Uint8Array {
  return keccak256(rlpEncode([sender, nonce])).subarray(12);
}

/** CREATE2 (EIP-1014): keccak(0xff ++ sender ++ salt ++ keccak(initcode))[12:]. */
export function create2Address(sender: Uint8Array, salt: Uint8Array, initCodeHash: Uint8Array): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(0xff), sender, salt, initCodeHash)).subarray(12);
}
