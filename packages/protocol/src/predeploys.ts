/**
 * Addresses the OP Stack fixes in L2 state (OP spec predeploys.md, deposits.md) and the L1
 * system contracts an L2 also carries (EIP-4788 beacon roots, EIP-2935 history storage).
 */
import { hexToBytes } from '@faultline/primitives';

const a = (hex: string) => hexToBytes(hex, 20);

export const PREDEPLOYS = {
  gasPriceOracle: a('0x420000000000000000000000000000000000000f'),
  sequencerFeeVault: a('0x4200000000000000000000000000000000000011'),
  l1Block: a('0x4200000000000000000000000000000000000015'),
  l2ToL1MessagePasser: a('0x4200000000000000000000000000000000000016'),
  baseFeeVault: a('0x4200000000000000000000000000000000000019'),
  l1FeeVault: a('0x420000000000000000000000000000000000001a'),
  operatorFeeVault: a('0x420000000000000000000000000000000000001b'),
} as const;

/** The sender of L1-attributes deposits (deposits.md "L1 Attributes Depositor Account"). */
export const L1_INFO_DEPOSITOR = a('0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001');

/** EIP-4788 beacon block root contract (Ecotone). */
export const BEACON_ROOTS_ADDRESS = a('0x000f3df6d732807ef1319fb7b8bb8522d0beac02');
/** EIP-2935 history storage contract (Isthmus / Prague). */
export const HISTORY_STORAGE_ADDRESS = a('0x0000f90827f1c53a10cb7a02335b175320002935');
