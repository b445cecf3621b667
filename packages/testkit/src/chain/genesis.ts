/**
 * The L2 genesis and the two configuration files of a generated chain: the op-geth chain config
 * (`genesis.json`'s "config", boot key 6) and the op-node `rollup.json` (boot key 7), with
 * Regolith..Granite active from genesis and Holocene, Isthmus, Jovian and Karst activating at
 * chosen L2 blocks (Karst with the chain's own NUT bundle, a Faultline extension of rollup.json:
 * the canonical bundle is not vendored). The genesis alloc holds what the L1-info deposit, the
 * fees and the upgrade deposits touch — L1Block, GasPriceOracle and OperatorFeeVault behind
 * ERC-1967 proxies (`proxy-code.ts`), the EIP-4788 contract, an empty L2ToL1MessagePasser, the
 * fee vaults — and funded user accounts.
 */
import { bytesToHex, hexToBytes, keccak256, rlpEncode } from '@faultline/primitives';
import { BEACON_ROOTS_ADDRESS, type Header, headerHash, PREDEPLOYS } from '@faultline/protocol';
import { type GenesisAlloc, stateFromAlloc, type TrieState } from '@faultline/state';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { predeployCode } from './predeploy-code.js';
import { implementationStorage, proxyRuntimeCode } from './proxy-code.js';

export const L2_BLOCK_TIME = 2n;
export const L1_BLOCK_TIME = 12n;
export const L2_GAS_LIMIT = 30_000_000n;
/** op-geth's genesis base fee when London is active from block 0 (params.InitialBaseFee). */
export const GENESIS_BASE_FEE = 1_000_000_000n;
export const USER_BALANCE = 1000n * 10n ** 18n;
/** GasPriceOracle slot 0 packs `isEcotone` (byte 0) and `isFjord` (byte 1), set by the upgrades. */
const GPO_FLAGS = '0x0101';
/** Where OP genesis puts predeploy implementations (the 0xc0d3… code namespace). */
const IMPLEMENTATION = {
  l1Block: hexToBytes('0xc0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d30015'),
  gasPriceOracle: hexToBytes('0xc0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d3000f'),
} as const;

export interface ChainAddresses {
  batchInbox: Uint8Array;
  portal: Uint8Array;
  systemConfig: Uint8Array;
}

export function genesisAlloc(users: readonly Uint8Array[]): GenesisAlloc {
  const code = predeployCode();
  const proxy = bytesToHex(proxyRuntimeCode());
  const alloc: GenesisAlloc = {
    [bytesToHex(PREDEPLOYS.l1Block)]: { code: proxy, storage: implementationStorage(IMPLEMENTATION.l1Block) },
    [bytesToHex(IMPLEMENTATION.l1Block)]: { code: code.l1Block },
    [bytesToHex(PREDEPLOYS.gasPriceOracle)]: {
      code: proxy,
      storage: { '0x0': GPO_FLAGS, ...implementationStorage(IMPLEMENTATION.gasPriceOracle) },
    },
    [bytesToHex(IMPLEMENTATION.gasPriceOracle)]: { code: code.gasPriceOracle },
    // No implementation before Isthmus deploys one: the fees credit it by balance, no code runs.
    [bytesToHex(PREDEPLOYS.operatorFeeVault)]: { code: proxy, balance: '0x0' },
    [bytesToHex(BEACON_ROOTS_ADDRESS)]: { code: code.beaconRoots, nonce: '0x1' },
    // An empty message passer still needs an account: its storage root is part of every output.
    [bytesToHex(PREDEPLOYS.l2ToL1MessagePasser)]: { nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.sequencerFeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.baseFeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.l1FeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
  };
  for (const u of users) alloc[bytesToHex(u)] = { balance: `0x${USER_BALANCE.toString(16)}` };
  return alloc;
}

export interface L2Genesis {
  alloc: GenesisAlloc;
  state: TrieState;
  header: Header;
  hash: Uint8Array;
}

export function l2Genesis(users: readonly Uint8Array[], timestamp: bigint): L2Genesis {
  const alloc = genesisAlloc(users);
  const state = stateFromAlloc(alloc);
  const header: Header = {
    parentHash: new Uint8Array(32),
    ommersHash: keccak256(rlpEncode([])),
    beneficiary: new Uint8Array(20),
    stateRoot: state.root(),
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 0n,
    gasLimit: L2_GAS_LIMIT,
    gasUsed: 0n,
    timestamp,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: GENESIS_BASE_FEE,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
  };
  return { alloc, state, header, hash: headerHash(header) };
}

export interface ConfigInput {
  l1ChainId: bigint;
  l2ChainId: bigint;
  l1Genesis: { hash: Uint8Array; number: bigint };
  l2Genesis: { hash: Uint8Array; time: bigint };
  /** Activation times of the forks that start after genesis. */
  forkTimes: { holocene: bigint; isthmus: bigint; jovian: bigint; karst: bigint };
  /** Karst's NUT bundle in its JSON form (see protocol nut-bundle.ts). */
  karstBundle: Record<string, unknown>;
  batcher: Uint8Array;
  addresses: ChainAddresses;
  /** Ecotone scalar word (version 1: blob base fee scalar, base fee scalar). */
  scalar: Uint8Array;
}

const EIP1559 = { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 };

/** op-geth chain config JSON (the "config" of genesis.json). */
export function chainConfigJson(c: ConfigInput): Record<string, unknown> {
  const blockForks = [
    'homesteadBlock',
    'eip150Block',
    'eip155Block',
    'eip158Block',
    'byzantiumBlock',
    'constantinopleBlock',
    'petersburgBlock',
    'istanbulBlock',
    'muirGlacierBlock',
    'berlinBlock',
    'londonBlock',
    'arrowGlacierBlock',
    'grayGlacierBlock',
    'mergeNetsplitBlock',
    'bedrockBlock',
  ];
  const timeForks = ['shanghaiTime', 'cancunTime', 'regolithTime', 'canyonTime', 'deltaTime', 'ecotoneTime'];
  return {
    chainId: Number(c.l2ChainId),
    ...Object.fromEntries(blockForks.map((k) => [k, 0])),
    ...Object.fromEntries(timeForks.map((k) => [k, 0])),
    fjordTime: 0,
    graniteTime: 0,
    holoceneTime: Number(c.forkTimes.holocene),
    // op-geth LoadOPStackChainConfig: Prague = Isthmus.
    pragueTime: Number(c.forkTimes.isthmus),
    isthmusTime: Number(c.forkTimes.isthmus),
    jovianTime: Number(c.forkTimes.jovian),
    karstTime: Number(c.forkTimes.karst),
    terminalTotalDifficulty: 0,
    depositContractAddress: bytesToHex(c.addresses.portal),
    optimism: EIP1559,
  };
}

/** op-node rollup.json. */
export function rollupConfigJson(c: ConfigInput): Record<string, unknown> {
  return {
    genesis: {
      l1: { hash: bytesToHex(c.l1Genesis.hash), number: Number(c.l1Genesis.number) },
      l2: { hash: bytesToHex(c.l2Genesis.hash), number: 0 },
      l2_time: Number(c.l2Genesis.time),
      system_config: {
        batcherAddr: bytesToHex(c.batcher),
        overhead: bytesToHex(new Uint8Array(32)),
        scalar: bytesToHex(c.scalar),
        gasLimit: Number(L2_GAS_LIMIT),
      },
    },
    block_time: Number(L2_BLOCK_TIME),
    max_sequencer_drift: 600,
    seq_window_size: 3600,
    channel_timeout: 300,
    l1_chain_id: Number(c.l1ChainId),
    l2_chain_id: Number(c.l2ChainId),
    regolith_time: 0,
    canyon_time: 0,
    delta_time: 0,
    ecotone_time: 0,
    fjord_time: 0,
    granite_time: 0,
    holocene_time: Number(c.forkTimes.holocene),
    isthmus_time: Number(c.forkTimes.isthmus),
    jovian_time: Number(c.forkTimes.jovian),
    karst_time: Number(c.forkTimes.karst),
    nut_bundles: { karst: c.karstBundle },
    batch_inbox_address: bytesToHex(c.addresses.batchInbox),
    deposit_contract_address: bytesToHex(c.addresses.portal),
    l1_system_config_address: bytesToHex(c.addresses.systemConfig),
  };
}
