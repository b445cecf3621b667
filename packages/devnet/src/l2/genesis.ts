/**
 * The devnet's L2 genesis and its two configuration files: `genesis.json` (op-geth form: the
 * chain config under "config", the alloc, the header fields) and op-node's `rollup.json`, built
 * from the L1 deployment (portal, SystemConfig, batch inbox, SystemConfig's start block as the
 * genesis L1 block and its gas config read back from the contract). Regolith through Holocene
 * are active from genesis. The alloc holds what the L1-info deposit and the fees touch — L1Block
 * (Ecotone), GasPriceOracle (Fjord), the EIP-4788 beacon-roots contract, an empty
 * L2ToL1MessagePasser, the fee vaults — plus funded accounts.
 */
import { bytesToHex, keccak256, rlpEncode } from '@faultline/primitives';
import {
  BEACON_ROOTS_ADDRESS,
  type Header,
  headerHash,
  outputRootV0,
  PREDEPLOYS,
  parseChainConfig,
  parseRollupConfig,
  type RollupConfig,
} from '@faultline/protocol';
import { type GenesisAlloc, stateFromAlloc } from '@faultline/state';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { predeployCode } from './predeploy-code.js';

export const L2_BLOCK_TIME = 2n;
/** op-geth's genesis base fee when London is active from block 0 (params.InitialBaseFee). */
const GENESIS_BASE_FEE = 1_000_000_000n;
/** GasPriceOracle slot 0 packs `isEcotone` (byte 0) and `isFjord` (byte 1), set by the upgrades. */
const GPO_FLAGS = '0x0101';
const EIP1559 = { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 };

export interface L2GenesisInput {
  l1ChainId: bigint;
  l2ChainId: bigint;
  /** SystemConfig's start block: the rollup's genesis L1 block; its time is the L2 genesis time. */
  l1Start: { hash: Uint8Array; number: bigint; timestamp: bigint };
  portal: string;
  systemConfig: string;
  batchInbox: string;
  batcher: string;
  /** SystemConfig.overhead() and scalar() words, and its gas limit. */
  overhead: Uint8Array;
  scalar: Uint8Array;
  gasLimit: bigint;
  /** Accounts funded at genesis, address → wei. */
  funded: Record<string, bigint>;
}

export interface L2Genesis {
  alloc: GenesisAlloc;
  header: Header;
  hash: Uint8Array;
  outputRoot: Uint8Array;
  /** genesis.json: { config, alloc, header fields } as op-geth writes it. */
  genesisJson: Record<string, unknown>;
  rollupJson: Record<string, unknown>;
  rollup: RollupConfig;
}

function alloc(funded: Record<string, bigint>): GenesisAlloc {
  const code = predeployCode();
  const out: GenesisAlloc = {
    [bytesToHex(PREDEPLOYS.l1Block)]: { code: code.l1Block },
    [bytesToHex(PREDEPLOYS.gasPriceOracle)]: { code: code.gasPriceOracle, storage: { '0x0': GPO_FLAGS } },
    [bytesToHex(BEACON_ROOTS_ADDRESS)]: { code: code.beaconRoots, nonce: '0x1' },
    // An empty message passer still needs an account: its storage root is part of every output.
    [bytesToHex(PREDEPLOYS.l2ToL1MessagePasser)]: { nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.sequencerFeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.baseFeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
    [bytesToHex(PREDEPLOYS.l1FeeVault)]: { balance: '0x0', nonce: '0x1', code: '0x00' },
  };
  for (const [address, wei] of Object.entries(funded))
    out[address.toLowerCase()] = { balance: `0x${wei.toString(16)}` };
  return out;
}

function chainConfigJson(c: L2GenesisInput): Record<string, unknown> {
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
  const timeForks = [
    'shanghaiTime',
    'cancunTime',
    'regolithTime',
    'canyonTime',
    'deltaTime',
    'ecotoneTime',
    'fjordTime',
    'graniteTime',
    'holoceneTime',
  ];
  return {
    chainId: Number(c.l2ChainId),
    ...Object.fromEntries(blockForks.map((k) => [k, 0])),
    ...Object.fromEntries(timeForks.map((k) => [k, 0])),
    terminalTotalDifficulty: 0,
    depositContractAddress: c.portal.toLowerCase(),
    optimism: EIP1559,
  };
}

function rollupConfigJson(c: L2GenesisInput, l2Hash: Uint8Array): Record<string, unknown> {
  return {
    genesis: {
      l1: { hash: bytesToHex(c.l1Start.hash), number: Number(c.l1Start.number) },
      l2: { hash: bytesToHex(l2Hash), number: 0 },
      l2_time: Number(c.l1Start.timestamp),
      system_config: {
        batcherAddr: c.batcher.toLowerCase(),
        overhead: bytesToHex(c.overhead),
        scalar: bytesToHex(c.scalar),
        gasLimit: Number(c.gasLimit),
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
    holocene_time: 0,
    batch_inbox_address: c.batchInbox.toLowerCase(),
    deposit_contract_address: c.portal.toLowerCase(),
    l1_system_config_address: c.systemConfig.toLowerCase(),
  };
}

/**
 * Holocene active at genesis: the genesis header's extraData already holds the EIP-1559
 * parameters (holocene/exec-engine.md: version 0 ++ u32 denominator ++ u32 elasticity), the
 * Canyon values, as op-geth writes a Holocene genesis.
 */
function holoceneExtraData(): Uint8Array {
  const out = new Uint8Array(9);
  const view = new DataView(out.buffer);
  view.setUint32(1, EIP1559.eip1559DenominatorCanyon);
  view.setUint32(5, EIP1559.eip1559Elasticity);
  return out;
}

export function buildL2Genesis(input: L2GenesisInput): L2Genesis {
  const a = alloc(input.funded);
  const state = stateFromAlloc(a);
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
    gasLimit: input.gasLimit,
    gasUsed: 0n,
    timestamp: input.l1Start.timestamp,
    extraData: holoceneExtraData(),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: GENESIS_BASE_FEE,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
  };
  const hash = headerHash(header);
  const chainJson = chainConfigJson(input);
  const rollupJson = rollupConfigJson(input, hash);
  const rollup = parseRollupConfig(rollupJson, parseChainConfig(chainJson).optimism);
  const outputRoot = outputRootV0({
    stateRoot: header.stateRoot,
    messagePasserStorageRoot: state.getStorageRoot(bytesToHex(PREDEPLOYS.l2ToL1MessagePasser)),
    blockHash: hash,
  });
  const genesisJson = {
    config: chainJson,
    nonce: '0x0',
    timestamp: `0x${header.timestamp.toString(16)}`,
    extraData: bytesToHex(header.extraData),
    gasLimit: `0x${header.gasLimit.toString(16)}`,
    difficulty: '0x0',
    mixHash: bytesToHex(header.mixHash),
    coinbase: bytesToHex(header.beneficiary),
    baseFeePerGas: `0x${GENESIS_BASE_FEE.toString(16)}`,
    excessBlobGas: '0x0',
    blobGasUsed: '0x0',
    number: '0x0',
    parentHash: bytesToHex(header.parentHash),
    alloc: a,
  };
  return { alloc: a, header, hash, outputRoot, genesisJson, rollupJson, rollup };
}
