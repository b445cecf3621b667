/**
 * Network-upgrade deposits (OP spec "Network upgrade automation transactions": ecotone/,
 * fjord/, isthmus/ and jovian/derivation.md): fixed deposit transactions that a fork's activation
 * block carries after the user deposits, to deploy and switch contract implementations without
 * any persistent execution-layer change. Each is identified by its intent string (the "upgrade"
 * source-hash domain), sent from a fixed address with a fixed gas limit, and is not a system
 * transaction (Regolith). Granite and Holocene add none. Contract creation bytecode lives in
 * `upgrade-bytecode*.ts`.
 *
 * From Karst on a fork's upgrade deposits come from its NUT bundle (protocol `nut-bundle.ts`),
 * whose summed gas limits raise the activation block's gas limit.
 *
 * Jovian's intents follow op-node and kona ("Jovian: L1 Block Deployment", …), which produced the
 * live chain; the spec copy spells them "Jovian: L1Block Deployment" / "GasPriceOracle", whose
 * source hashes no client emits.
 */
import { concatBytes, createAddress, hexToBytes, lazyRecord, padLeft } from '@faultline/primitives';
import {
  type DepositTransaction,
  isOpHardforkActivationBlock,
  L1_INFO_DEPOSITOR,
  MissingNutBundleError,
  nutBundleDeposits,
  nutUpgradeGas,
  type OpHardfork,
  PREDEPLOYS,
  type RollupConfig,
  upgradeDepositSourceHash,
} from '@faultline/protocol';
import { UPGRADE_BYTECODE } from './upgrade-bytecode.js';

const a = (hex: string) => hexToBytes(hex, 20);
const ZERO_ADDRESS = new Uint8Array(20);

/** `upgradeTo(address)` of the ERC-1967 proxy (cast sig "upgradeTo(address)"). */
const UPGRADE_TO_SELECTOR = hexToBytes('0x3659cfe6');

/** Deployer accounts (fresh, nonce 0) and the implementation addresses they create. */
export const UPGRADE_DEPLOYERS = {
  ecotoneL1Block: a('0x4210000000000000000000000000000000000000'),
  ecotoneGasPriceOracle: a('0x4210000000000000000000000000000000000001'),
  fjordGasPriceOracle: a('0x4210000000000000000000000000000000000002'),
  isthmusL1Block: a('0x4210000000000000000000000000000000000003'),
  isthmusGasPriceOracle: a('0x4210000000000000000000000000000000000004'),
  isthmusOperatorFeeVault: a('0x4210000000000000000000000000000000000005'),
  jovianL1Block: a('0x4210000000000000000000000000000000000006'),
  jovianGasPriceOracle: a('0x4210000000000000000000000000000000000007'),
  /** EIP-4788's deployment sender. */
  beaconRoots: a('0x0b799c86a49deeb90402691f1041aa3af2d3c875'),
  /** EIP-2935's deployment sender (final EIP; deploys to 0x0000F908…2935). */
  historyStorage: a('0x3462413af4609098e1e27a490f554f260213d685'),
} as const;

/** Selectors of the GasPriceOracle fork switches (cast sig "setEcotone()" etc.). */
export const GPO_SELECTORS = {
  setEcotone: hexToBytes('0x22b90ab3'),
  setFjord: hexToBytes('0x8e98b106'),
  setIsthmus: hexToBytes('0x291b0383'),
  setJovian: hexToBytes('0xb3d72079'),
} as const;

type UpgradeSpec = {
  intent: string;
  from: Uint8Array;
  to: Uint8Array | null;
  gasLimit: bigint;
  data: Uint8Array;
};

const deploy = (intent: string, from: Uint8Array, gasLimit: bigint, data: Uint8Array): UpgradeSpec => ({
  intent,
  from,
  to: null,
  gasLimit,
  data,
});

/** `upgradeTo(createAddress(deployer, 0))` on `proxy`, from the zero address (the proxy admin path). */
const proxyUpdate = (intent: string, proxy: Uint8Array, deployer: Uint8Array): UpgradeSpec => ({
  intent,
  from: ZERO_ADDRESS,
  to: proxy,
  gasLimit: 50_000n,
  data: concatBytes(UPGRADE_TO_SELECTOR, padLeft(createAddress(deployer, 0n), 32)),
});

const call = (intent: string, gasLimit: bigint, data: Uint8Array): UpgradeSpec => ({
  intent,
  from: L1_INFO_DEPOSITOR,
  to: PREDEPLOYS.gasPriceOracle,
  gasLimit,
  data,
});

const D = UPGRADE_DEPLOYERS;
const B = UPGRADE_BYTECODE;

/** Per fork, in block order; made on first read (lazyRecord), as only activation blocks need them. */
export const UPGRADE_TRANSACTIONS: Partial<Record<OpHardfork, readonly UpgradeSpec[]>> = lazyRecord({
  ecotone: () => [
    deploy('Ecotone: L1 Block Deployment', D.ecotoneL1Block, 375_000n, B.ecotoneL1Block),
    deploy('Ecotone: Gas Price Oracle Deployment', D.ecotoneGasPriceOracle, 1_000_000n, B.ecotoneGasPriceOracle),
    proxyUpdate('Ecotone: L1 Block Proxy Update', PREDEPLOYS.l1Block, D.ecotoneL1Block),
    proxyUpdate('Ecotone: Gas Price Oracle Proxy Update', PREDEPLOYS.gasPriceOracle, D.ecotoneGasPriceOracle),
    call('Ecotone: Gas Price Oracle Set Ecotone', 80_000n, GPO_SELECTORS.setEcotone),
    // EIP-4788's own deployment gas limit (0x3d090).
    deploy('Ecotone: beacon block roots contract deployment', D.beaconRoots, 250_000n, B.beaconRoots),
  ],
  fjord: () => [
    deploy('Fjord: Gas Price Oracle Deployment', D.fjordGasPriceOracle, 1_450_000n, B.fjordGasPriceOracle),
    proxyUpdate('Fjord: Gas Price Oracle Proxy Update', PREDEPLOYS.gasPriceOracle, D.fjordGasPriceOracle),
    call('Fjord: Gas Price Oracle Set Fjord', 90_000n, GPO_SELECTORS.setFjord),
  ],
  isthmus: () => [
    deploy('Isthmus: L1 Block Deployment', D.isthmusL1Block, 425_000n, B.isthmusL1Block),
    deploy('Isthmus: Gas Price Oracle Deployment', D.isthmusGasPriceOracle, 1_625_000n, B.isthmusGasPriceOracle),
    deploy('Isthmus: Operator Fee Vault Deployment', D.isthmusOperatorFeeVault, 500_000n, B.isthmusOperatorFeeVault),
    proxyUpdate('Isthmus: L1 Block Proxy Update', PREDEPLOYS.l1Block, D.isthmusL1Block),
    proxyUpdate('Isthmus: Gas Price Oracle Proxy Update', PREDEPLOYS.gasPriceOracle, D.isthmusGasPriceOracle),
    proxyUpdate('Isthmus: Operator Fee Vault Proxy Update', PREDEPLOYS.operatorFeeVault, D.isthmusOperatorFeeVault),
    call('Isthmus: Gas Price Oracle Set Isthmus', 90_000n, GPO_SELECTORS.setIsthmus),
    deploy('Isthmus: EIP-2935 Contract Deployment', D.historyStorage, 250_000n, B.historyStorage),
  ],
  // jovian/derivation.md order: each contract is deployed and its proxy switched before the next.
  jovian: () => [
    deploy('Jovian: L1 Block Deployment', D.jovianL1Block, 447_315n, B.jovianL1Block),
    proxyUpdate('Jovian: L1 Block Proxy Update', PREDEPLOYS.l1Block, D.jovianL1Block),
    deploy('Jovian: Gas Price Oracle Deployment', D.jovianGasPriceOracle, 1_750_714n, B.jovianGasPriceOracle),
    proxyUpdate('Jovian: Gas Price Oracle Proxy Update', PREDEPLOYS.gasPriceOracle, D.jovianGasPriceOracle),
    call('Jovian: Gas Price Oracle Set Jovian', 90_000n, GPO_SELECTORS.setJovian),
  ],
});

/** Fork order in which activation-block upgrades are appended (op-node PreparePayloadAttributes). */
const UPGRADE_ORDER: readonly OpHardfork[] = ['ecotone', 'fjord', 'isthmus', 'jovian'];
/** Forks whose upgrade deposits are a NUT bundle (l2-upgrades-1-execution.md), in order. */
const NUT_FORKS: readonly OpHardfork[] = ['karst'];

export function upgradeDeposit(spec: UpgradeSpec): DepositTransaction {
  return {
    type: 0x7e,
    sourceHash: upgradeDepositSourceHash(spec.intent),
    from: spec.from,
    to: spec.to,
    mint: 0n,
    value: 0n,
    gasLimit: spec.gasLimit,
    isSystemTx: false,
    data: spec.data,
  };
}

const activates = (rollup: RollupConfig, fork: OpHardfork, timestamp: bigint) =>
  isOpHardforkActivationBlock(rollup.hardforks, fork, timestamp, rollup.blockTime);

function nutBundle(rollup: RollupConfig, fork: OpHardfork) {
  const bundle = rollup.nutBundles?.[fork];
  if (!bundle) throw new MissingNutBundleError(fork);
  return bundle;
}

/** The upgrade deposits of the L2 block at `timestamp` (none unless it activates a fork). */
export function upgradeTransactions(rollup: RollupConfig, timestamp: bigint): DepositTransaction[] {
  const out: DepositTransaction[] = [];
  for (const fork of UPGRADE_ORDER) {
    if (!activates(rollup, fork, timestamp)) continue;
    for (const spec of UPGRADE_TRANSACTIONS[fork] ?? []) out.push(upgradeDeposit(spec));
  }
  for (const fork of NUT_FORKS) {
    if (activates(rollup, fork, timestamp)) out.push(...nutBundleDeposits(fork, nutBundle(rollup, fork)));
  }
  return out;
}

/** Gas added to the gas limit of the block at `timestamp` for the NUT bundles it runs (op-node `UpgradeGas`). */
export function upgradeGasAt(rollup: RollupConfig, timestamp: bigint): bigint {
  let gas = 0n;
  for (const fork of NUT_FORKS) if (activates(rollup, fork, timestamp)) gas += nutUpgradeGas(nutBundle(rollup, fork));
  return gas;
}

/**
 * The part of that gas which does not stay in the chain's gas limit (op-node `upgradeGasToStrip`):
 * all of it, except Karst's on chains that set `keep_karst_upgrade_gas` (OP Mainnet, OP Sepolia
 * and Unichain activated Karst with it in their history).
 */
export function upgradeGasToStrip(rollup: RollupConfig, timestamp: bigint): bigint {
  let gas = 0n;
  for (const fork of NUT_FORKS) {
    if (!activates(rollup, fork, timestamp) || (fork === 'karst' && rollup.keepKarstUpgradeGas)) continue;
    gas += nutUpgradeGas(nutBundle(rollup, fork));
  }
  return gas;
}
