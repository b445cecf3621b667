/**
 * Runtime code of the L2 predeploys a generated genesis needs, obtained the honest way: the
 * deployment (init) code that the network-upgrade transactions carry (derive's
 * `UPGRADE_BYTECODE`, ecotone/fjord derivation.md "Network Upgrade Transactions") is executed as
 * a contract creation in our EVM and the returned code is taken. No runtime bytecode is copied.
 */
import { UPGRADE_BYTECODE } from '@faultline/derive';
import { executeTransaction, MemoryState, precompileTable } from '@faultline/evm';
import { BaseError, bytesToHex } from '@faultline/primitives';

const DEPLOYER = '0x000000000000000000000000000000000000de91';
const CREATE_GAS = 10_000_000n;

export class PredeployCodeError extends BaseError {
  override name = 'PredeployCodeError' as const;
}

/** Runs `initCode` as a creation transaction and returns the deployed runtime code. */
export function deployedCode(initCode: Uint8Array): Uint8Array {
  const state = new MemoryState();
  const result = executeTransaction(
    state,
    {
      fork: 'Cancun',
      precompiles: precompileTable('Cancun'),
      block: {
        number: 1n,
        timestamp: 1n,
        coinbase: '0x0000000000000000000000000000000000000000',
        gasLimit: 30_000_000n,
        baseFee: 0n,
        prevRandao: 0n,
        blobBaseFee: 1n,
        chainId: 1n,
      },
    },
    {
      type: 0,
      sender: DEPLOYER,
      nonce: 0n,
      gasLimit: CREATE_GAS,
      to: undefined,
      value: 0n,
      data: initCode,
      gasPrice: 0n,
      accessList: [],
    },
  );
  const created = result.contractAddress;
  const code = created === undefined ? undefined : result.diff.get(created)?.code;
  if (!result.success || code === undefined || code.length === 0) {
    throw new PredeployCodeError(`deployment failed: ${result.error ?? 'no code returned'}`);
  }
  return code;
}

let cache: { l1Block: string; gasPriceOracle: string; beaconRoots: string } | undefined;

/** Hex runtime code of L1Block (Ecotone), GasPriceOracle (Fjord) and the EIP-4788 beacon-roots contract. */
export function predeployCode(): { l1Block: string; gasPriceOracle: string; beaconRoots: string } {
  cache ??= {
    l1Block: bytesToHex(deployedCode(UPGRADE_BYTECODE.ecotoneL1Block)),
    gasPriceOracle: bytesToHex(deployedCode(UPGRADE_BYTECODE.fjordGasPriceOracle)),
    beaconRoots: bytesToHex(deployedCode(UPGRADE_BYTECODE.beaconRoots)),
  };
  return cache;
}
