/**
 * What makes the generated chain cross today's forks: where Holocene, Isthmus, Jovian and Karst
 * activate (spread over the blocks the client derives, after the agreed block), the chain's own
 * Karst NUT bundle, and the SystemConfig updates an L1 block carries before Jovian so that the
 * new rules have something to bite on — an operator fee (×100 from Jovian), a minimum base fee
 * above the chain's falling base fee (it binds from the block after Jovian's activation), and a
 * DA footprint scalar large enough that a block's DA footprint exceeds its gas used.
 */
import { CONFIG_UPDATE_TOPIC } from '@faultline/derive';
import { bigIntToBytes, bytesToHex, concatBytes } from '@faultline/primitives';
import type { Log } from '@faultline/protocol';

export interface ForkBlocks {
  holocene: bigint;
  isthmus: bigint;
  jovian: bigint;
  karst: bigint;
}

/**
 * Fork activation blocks for a chain of `blocks` blocks: a third, a half, two thirds and five
 * sixths of the way (12 blocks: 4, 6, 8, 10), never at genesis, never decreasing.
 */
export function forkBlocks(blocks: number): ForkBlocks {
  const at = (num: number, den: number) => BigInt(Math.max(1, Math.floor((blocks * num) / den)));
  return { holocene: at(1, 3), isthmus: at(1, 2), jovian: at(2, 3), karst: at(5, 6) };
}

/** Jovian's minimum base fee for the generated chain: 2 gwei, above its base fee (1 gwei at genesis, falling). */
export const MIN_BASE_FEE = 2_000_000_000n;
/** DA footprint gas scalar: a 100-byte transfer then weighs 300,000, far above its 21,000 gas. */
export const DA_FOOTPRINT_GAS_SCALAR = 3_000n;
/** Operator fee: scalar 10 (Isthmus: gas·10/1e6; Jovian: gas·10·100), constant 1,000 wei. */
export const OPERATOR_FEE = { scalar: 10n, constant: 1_000n } as const;

const word = (v: bigint) => bigIntToBytes(v, 32);

/** system-config.md: ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data), version 0. */
function configUpdate(systemConfig: Uint8Array, updateType: bigint, payload: Uint8Array): Log {
  return {
    address: systemConfig,
    topics: [CONFIG_UPDATE_TOPIC, word(0n), word(updateType)],
    // abi.encode(bytes): offset 32, length, the 32-byte payload.
    data: concatBytes(word(32n), word(BigInt(payload.length)), payload),
  };
}

/** The updates (isthmus/ and jovian/system-config.md types 5, 6 and 7) as L1 logs of `systemConfig`. */
export function systemConfigUpdateLogs(systemConfig: Uint8Array): Log[] {
  const operatorFee = concatBytes(
    new Uint8Array(20),
    bigIntToBytes(OPERATOR_FEE.scalar, 4),
    bigIntToBytes(OPERATOR_FEE.constant, 8),
  );
  return [
    configUpdate(systemConfig, 5n, operatorFee),
    configUpdate(systemConfig, 6n, word(MIN_BASE_FEE)),
    configUpdate(systemConfig, 7n, word(DA_FOOTPRINT_GAS_SCALAR)),
  ];
}

/** CLZ contract: SSTORE(0, CLZ(CALLDATALOAD(0))) — EIP-7939's opcode 0x1e, new in Karst. */
const CLZ_RUNTIME = '5f351e5f5500';
/** Init code returning CLZ_RUNTIME: PUSH6 runtime, PUSH0 MSTORE, PUSH1 6 (size), PUSH1 26 (offset), RETURN. */
const CLZ_INIT = `0x65${CLZ_RUNTIME}5f526006601af3`;
/** The deployer of the bundle's contract (fresh, nonce 0): it lands at createAddress(deployer, 0). */
export const KARST_DEMO_DEPLOYER = '0x42100000000000000000000000000000000000a0';

/**
 * The generated chain's Karst NUT bundle (op-node bundle format, version 1.0.0): deploy the CLZ
 * contract, then call it from the depositor account with a word whose first bit set is bit 8
 * (so it stores 247). Both run in the Karst activation block, under Osaka rules.
 */
export function karstDemoBundle(clzContract: Uint8Array): Record<string, unknown> {
  return {
    metadata: { version: '1.0.0' },
    transactions: [
      { intent: 'Deploy CLZ Demo', from: KARST_DEMO_DEPLOYER, to: null, data: CLZ_INIT, gasLimit: 200_000 },
      {
        intent: 'Call CLZ Demo',
        from: '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001',
        to: bytesToHex(clzContract),
        data: bytesToHex(word(0x100n)),
        gasLimit: 100_000,
      },
    ],
  };
}
