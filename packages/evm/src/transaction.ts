/**
 * What the EVM needs to know about a transaction (already decoded and with a recovered sender),
 * its intrinsic gas (Yellow Paper eq. 60 + EIP-2028, EIP-2930, EIP-3860, EIP-7702) and the
 * EIP-7623 calldata floor. Decoding from RLP and signature recovery of the sender belong to
 * `protocol`; recovery of EIP-7702 authorities happens here because invalid authorities are
 * skipped during execution, not rejected.
 */

import {
  BaseError,
  bytesToHex,
  concatBytes,
  keccak256,
  recoverPublicKey,
  rlpEncode,
  SECP256K1_ORDER,
} from '@faultline/primitives';
import type { Rules } from './evm.js';
import { GAS } from './gas.js';
import type { AddressHex } from './state-interface.js';

export interface AccessListEntry {
  address: AddressHex;
  storageKeys: bigint[];
}

export interface Authorization {
  chainId: bigint;
  address: AddressHex;
  nonce: bigint;
  yParity: bigint;
  r: bigint;
  s: bigint;
}

export interface EvmTransaction {
  /** 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702 (others via hooks). */
  type: number;
  sender: AddressHex;
  nonce: bigint;
  gasLimit: bigint;
  /** `undefined` for contract creation. */
  to: AddressHex | undefined;
  value: bigint;
  data: Uint8Array;
  /** Legacy / EIP-2930 price. */
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  accessList: AccessListEntry[];
  maxFeePerBlobGas?: bigint;
  blobVersionedHashes?: Uint8Array[];
  authorizationList?: Authorization[];
}

/** A transaction that must not be included; no state changes happen. `kind` follows EEST names. */
export class InvalidTransactionError extends BaseError {
  override name = 'InvalidTransactionError' as const;
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

export function calldataTokens(data: Uint8Array): { zero: number; nonZero: number } {
  let zero = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zero++;
  return { zero, nonZero: data.length - zero };
}

export function intrinsicGas(tx: EvmTransaction, rules: Rules): bigint {
  const create = tx.to === undefined;
  let gas = GAS.TX + (create && rules.homestead ? GAS.TX_CREATE : 0);
  const { zero, nonZero } = calldataTokens(tx.data);
  gas += zero * GAS.TX_DATA_ZERO;
  gas += nonZero * (rules.istanbul ? GAS.TX_DATA_NONZERO_ISTANBUL : GAS.TX_DATA_NONZERO_FRONTIER);
  if (create && rules.shanghai) gas += Math.ceil(tx.data.length / 32) * GAS.INITCODE_WORD;
  for (const e of tx.accessList) {
    gas += GAS.ACCESS_LIST_ADDRESS + e.storageKeys.length * GAS.ACCESS_LIST_STORAGE_KEY;
  }
  gas += (tx.authorizationList?.length ?? 0) * GAS.PER_EMPTY_ACCOUNT;
  return BigInt(gas);
}

/** EIP-7623: 21000 + 10 per token, tokens = zero bytes + 4 × non-zero bytes. */
export function floorDataGas(data: Uint8Array): bigint {
  const { zero, nonZero } = calldataTokens(data);
  return BigInt(GAS.TX + GAS.TOTAL_COST_FLOOR_PER_TOKEN * (zero + 4 * nonZero));
}

const SECP_N = SECP256K1_ORDER;
const SET_CODE_MAGIC = Uint8Array.of(0x05);

/** EIP-7702: the message an authorization signs, `keccak256(0x05 ++ rlp([chainId, address, nonce]))`. */
export function authorizationSigningHash(chainId: bigint, address: Uint8Array, nonce: bigint): Uint8Array {
  return keccak256(concatBytes(SET_CODE_MAGIC, rlpEncode([chainId, address, nonce])));
}

/** EIP-7702 authority, or undefined when the signature is invalid (the tuple is then skipped). */
export function recoverAuthority(auth: Authorization): AddressHex | undefined {
  if (auth.yParity > 1n || auth.r === 0n || auth.s === 0n || auth.r >= SECP_N || auth.s > SECP_N / 2n) return undefined;
  const msg = authorizationSigningHash(auth.chainId, hexBytes(auth.address), auth.nonce);
  const pub = recoverPublicKey(msg, auth.r, auth.s, Number(auth.yParity));
  return pub === undefined ? undefined : bytesToHex(keccak256(pub.subarray(1)).subarray(12));
}

function hexBytes(address: AddressHex): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = Number.parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
