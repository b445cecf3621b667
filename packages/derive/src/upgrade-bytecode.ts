/**
 * Creation bytecode of the network-upgrade deployments, as published by the OP specs
 * (ecotone/derivation.md "L1Block Deployment", "GasPriceOracle Deployment", "Beacon block roots
 * contract deployment"; fjord/derivation.md "GasPriceOracle Deployment"; isthmus/derivation.md
 * "L1Block deployment", "GasPriceOracle deployment", "Operator fee vault deployment", "EIP-2935
 * Contract Deployment"; the long ones are the spec's `specs/static/bytecode/*.txt` files). These
 * are data, not logic: `upgrade-transactions.test.ts` checks what can be checked against the
 * published source hashes, addresses and code hashes.
 */
import { hexToBytes } from '@faultline/primitives';

/** EIP-4788 beacon roots contract creation code (the EIP's own deployment input). */
const BEACON_ROOTS =
  '0x60618060095f395ff33373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500';

/** EIP-2935 history storage contract creation code (final EIP: 8191-block window). */
const HISTORY_STORAGE =
  '0x60538060095f395ff33373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500';

// PLACEHOLDER-BYTECODE
const ECOTONE_L1_BLOCK = '0x';
const ECOTONE_GAS_PRICE_ORACLE = '0x';
const FJORD_GAS_PRICE_ORACLE = '0x';
const ISTHMUS_L1_BLOCK = '0x';
const ISTHMUS_GAS_PRICE_ORACLE = '0x';
const ISTHMUS_OPERATOR_FEE_VAULT = '0x';

export const UPGRADE_BYTECODE = {
  ecotoneL1Block: hexToBytes(ECOTONE_L1_BLOCK),
  ecotoneGasPriceOracle: hexToBytes(ECOTONE_GAS_PRICE_ORACLE),
  beaconRoots: hexToBytes(BEACON_ROOTS),
  fjordGasPriceOracle: hexToBytes(FJORD_GAS_PRICE_ORACLE),
  isthmusL1Block: hexToBytes(ISTHMUS_L1_BLOCK),
  isthmusGasPriceOracle: hexToBytes(ISTHMUS_GAS_PRICE_ORACLE),
  isthmusOperatorFeeVault: hexToBytes(ISTHMUS_OPERATOR_FEE_VAULT),
  historyStorage: hexToBytes(HISTORY_STORAGE),
} as const;
