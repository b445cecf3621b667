/**
 * Network-upgrade deposits against the values the OP specs publish: source hashes, proxy-update
 * calldata, deployment addresses, selectors and — by running each init code in an independent
 * EVM (ethereumjs, a dev dependency) — the code hashes the deployments MUST produce.
 */
import { createEVM } from '@ethereumjs/evm';
import { bytesToHex, createAddress, keccak256, utf8ToBytes } from '@faultline/primitives';
import {
  BEACON_ROOTS_ADDRESS,
  decodeTransaction,
  encodeTransaction,
  HISTORY_STORAGE_ADDRESS,
} from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { testRollup } from './synthetic-chain.js';
import { UPGRADE_BYTECODE } from './upgrade-bytecode.js';
import {
  GPO_SELECTORS,
  UPGRADE_DEPLOYERS,
  UPGRADE_TRANSACTIONS,
  upgradeDeposit,
  upgradeTransactions,
} from './upgrade-transactions.js';

const hex = (b: Uint8Array) => bytesToHex(b);

/**
 * Source hashes as published in ecotone/, fjord/, isthmus/ and jovian/derivation.md — for Jovian's
 * first four, as kona's hardfork tests publish them (the intents op-node and kona use; the spec's
 * "L1Block"/"GasPriceOracle" spellings give other hashes that no client emits).
 */
const SPEC_SOURCE_HASHES: Record<string, string> = {
  'Ecotone: L1 Block Deployment': '0x877a6077205782ea15a6dc8699fa5ebcec5e0f4389f09cb8eda09488231346f8',
  'Ecotone: Gas Price Oracle Deployment': '0xa312b4510adf943510f05fcc8f15f86995a5066bd83ce11384688ae20e6ecf42',
  'Ecotone: L1 Block Proxy Update': '0x18acb38c5ff1c238a7460ebc1b421fa49ec4874bdf1e0a530d234104e5e67dbc',
  'Ecotone: Gas Price Oracle Proxy Update': '0xee4f9385eceef498af0be7ec5862229f426dec41c8d42397c7257a5117d9230a',
  'Ecotone: Gas Price Oracle Set Ecotone': '0x0c1cb38e99dbc9cbfab3bb80863380b0905290b37eb3d6ab18dc01c1f3e75f93',
  'Ecotone: beacon block roots contract deployment':
    '0x69b763c48478b9dc2f65ada09b3d92133ec592ea715ec65ad6e7f3dc519dc00c',
  'Fjord: Gas Price Oracle Deployment': '0x86122c533fdcb89b16d8713174625e44578a89751d96c098ec19ab40a51a8ea3',
  'Isthmus: L1 Block Deployment': '0x3b2d0821ca2411ad5cd3595804d1213d15737188ae4cbd58aa19c821a6c211bf',
  'Isthmus: Gas Price Oracle Deployment': '0xfc70b48424763fa3fab9844253b4f8d508f91eb1f7cb11a247c9baec0afb8035',
  'Isthmus: Operator Fee Vault Deployment': '0x107a570d3db75e6110817eb024f09f3172657e920634111ce9875d08a16daa96',
  'Isthmus: L1 Block Proxy Update': '0xebe8b5cb10ca47e0d8bda8f5355f2d66711a54ddeb0ef1d30e29418c9bf17a0e',
  'Isthmus: Gas Price Oracle Proxy Update': '0xecf2d9161d26c54eda6b7bfdd9142719b1e1199a6e5641468d1bf705bc531ab0',
  'Isthmus: Operator Fee Vault Proxy Update': '0xad74e1adb877ccbe176b8fa1cc559388a16e090ddbe8b512f5b37d07d887a927',
  'Isthmus: Gas Price Oracle Set Isthmus': '0x3ddf4b1302548dd92939826e970f260ba36167f4c25f18390a5e8b194b295319',
  'Isthmus: EIP-2935 Contract Deployment': '0xbfb734dae514c5974ddf803e54c1bc43d5cdb4a48ae27e1d9b875a5a150b553a',
  'Jovian: L1 Block Deployment': '0xbb1a656f65401240fac3db12e7a79ebb954b11e62f7626eb11691539b798d3bf',
  'Jovian: L1 Block Proxy Update': '0xf3275f829340521028f9ad5bce4ecb1c64a45d448794effa2a77674627338e76',
  'Jovian: Gas Price Oracle Deployment': '0x239b7021a6c2cf3a918481242bbb5a9499057f24501539467536c691bb133962',
  'Jovian: Gas Price Oracle Proxy Update': '0xa70c60aa53b8c1c0d52b39b1e901e7d7c09f7819595cb24048a6bb1983b401ff',
  'Jovian: Gas Price Oracle Set Jovian': '0xe836db6a959371756f8941be3e962d000f7e12a32e49e2c9ca42ba177a92716c',
};

/** Proxy-update calldata as published (`upgradeTo(<new implementation>)`). */
const SPEC_PROXY_DATA: Record<string, string> = {
  'Ecotone: L1 Block Proxy Update': '0x3659cfe600000000000000000000000007dbe8500fc591d1852b76fee44d5a05e13097ff',
  'Ecotone: Gas Price Oracle Proxy Update':
    '0x3659cfe6000000000000000000000000b528d11cc114e026f138fe568744c6d45ce6da7a',
  'Fjord: Gas Price Oracle Proxy Update': '0x3659cfe6000000000000000000000000a919894851548179a0750865e7974da599c0fac7',
  'Isthmus: L1 Block Proxy Update': '0x3659cfe6000000000000000000000000ff256497d61dcd71a9e9ff43967c13fde1f72d12',
  'Isthmus: Gas Price Oracle Proxy Update':
    '0x3659cfe600000000000000000000000093e57a196454cb919193fa9946f14943cf733845',
  'Isthmus: Operator Fee Vault Proxy Update':
    '0x3659cfe60000000000000000000000004fa2be8cd41504037f1838bce3bcc93bc68ff537',
  'Jovian: L1 Block Proxy Update': '0x3659cfe60000000000000000000000003ba4007f5c922fbb33c454b41ea7a1f11e83df2c',
  'Jovian: Gas Price Oracle Proxy Update': '0x3659cfe60000000000000000000000004f1db3c6abd250ba86e0928471a8f7db3afd88f1',
};

/** Code hashes the deployments MUST produce (the same spec sections; EIP-2935 from isthmus/). */
const SPEC_CODE_HASHES: [keyof typeof UPGRADE_BYTECODE, string][] = [
  ['ecotoneL1Block', '0xc88a313aa75dc4fbf0b6850d9f9ae41e04243b7008cf3eadb29256d4a71c1dfd'],
  ['ecotoneGasPriceOracle', '0x8b71360ea773b4cfaf1ae6d2bd15464a4e1e2e360f786e475f63aeaed8da0ae5'],
  ['fjordGasPriceOracle', '0xa88fa50a2745b15e6794247614b5298483070661adacb8d32d716434ed24c6b2'],
  ['isthmusL1Block', '0x8e3fe7a416d3e5f3b7be74ddd4e7e58e516fa3f80b67c6d930e3cd7297da4a4b'],
  ['isthmusGasPriceOracle', '0x4d195a9d7caf9fb6d4beaf80de252c626c853afd5868c4f4f8d19c9d301c2679'],
  ['isthmusOperatorFeeVault', '0x57dc55c9c09ca456fa728f253fe7b895d3e6aae0706104935fe87c7721001971'],
  ['historyStorage', '0x6e49e66782037c0555897870e29fa5e552daf4719552131a0abce779daec0a5d'],
  ['jovianL1Block', '0x5f885ca815d2cf27a203123e50b8ae204fdca910b6995d90b2d7700cbb9240d1'],
  ['jovianGasPriceOracle', '0xe9fc7c96c4db0d6078e3d359d7e8c982c350a513cb2c31121adf5e1e8a446614'],
];

const allSpecs = Object.values(UPGRADE_TRANSACTIONS).flat();

describe('network-upgrade deposits', () => {
  it('have the source hashes the specs publish', () => {
    const published = allSpecs.filter((s) => SPEC_SOURCE_HASHES[s.intent]);
    expect(published.length).toBe(Object.keys(SPEC_SOURCE_HASHES).length);
    for (const spec of published) expect(hex(upgradeDeposit(spec).sourceHash)).toBe(SPEC_SOURCE_HASHES[spec.intent]);
  });

  it('point the proxies at the addresses the deployers create', () => {
    for (const [intent, data] of Object.entries(SPEC_PROXY_DATA)) {
      const spec = allSpecs.find((s) => s.intent === intent);
      expect(spec && hex(spec.data)).toBe(data);
    }
  });

  it('deploy EIP-4788 and EIP-2935 at their canonical addresses', () => {
    expect(createAddress(UPGRADE_DEPLOYERS.beaconRoots, 0n)).toEqual(BEACON_ROOTS_ADDRESS);
    expect(createAddress(UPGRADE_DEPLOYERS.historyStorage, 0n)).toEqual(HISTORY_STORAGE_ADDRESS);
  });

  it('call the GasPriceOracle switches by their signatures', () => {
    for (const [name, selector] of Object.entries(GPO_SELECTORS)) {
      expect(selector).toEqual(keccak256(utf8ToBytes(`${name}()`)).subarray(0, 4));
    }
  });

  it('are deposits with no mint, no value and no system flag, and round-trip as EIP-2718', () => {
    for (const spec of allSpecs) {
      const tx = upgradeDeposit(spec);
      expect(tx.isSystemTx).toBe(false);
      expect(decodeTransaction(encodeTransaction(tx))).toEqual(tx);
    }
  });

  it('appear only on activation blocks, Ecotone then Fjord then Isthmus', () => {
    // All three activate at L2 time 1210 (block 5 with 2 s blocks from 1200).
    const rollup = testRollup({ ecotone: 1210n, fjord: 1210n, isthmus: 1210n });
    const at = (t: bigint) => upgradeTransactions(rollup, t).map((tx) => hex(tx.sourceHash));
    expect(at(1208n)).toEqual([]);
    expect(at(1212n)).toEqual([]);
    const intents = at(1210n);
    expect(intents.length).toBe(6 + 3 + 8);
    expect(intents[0]).toBe(SPEC_SOURCE_HASHES['Ecotone: L1 Block Deployment']);
    expect(intents[6]).toBe(SPEC_SOURCE_HASHES['Fjord: Gas Price Oracle Deployment']);
    expect(intents[16]).toBe(SPEC_SOURCE_HASHES['Isthmus: EIP-2935 Contract Deployment']);
    // Active from genesis: no activation block, no upgrade deposits.
    expect(upgradeTransactions(testRollup({ ecotone: 0n }), 1202n)).toEqual([]);
  });

  it('Jovian: five deposits in the spec order, gas limits 447,315 / 50,000 / 1,750,714 / 50,000 / 90,000', () => {
    const rollup = testRollup({ ecotone: 0n, fjord: 0n, isthmus: 0n, jovian: 1210n });
    const txs = upgradeTransactions(rollup, 1210n);
    expect(txs.map((t) => hex(t.sourceHash))).toEqual(
      Object.entries(SPEC_SOURCE_HASHES)
        .filter(([intent]) => intent.startsWith('Jovian'))
        .map(([, h]) => h),
    );
    expect(txs.map((t) => t.gasLimit)).toEqual([447_315n, 50_000n, 1_750_714n, 50_000n, 90_000n]);
    // The deployers' first creations are the addresses the proxy updates point at (jovian/derivation.md).
    expect(hex(createAddress(UPGRADE_DEPLOYERS.jovianL1Block, 0n))).toBe('0x3ba4007f5c922fbb33c454b41ea7a1f11e83df2c');
    expect(hex(createAddress(UPGRADE_DEPLOYERS.jovianGasPriceOracle, 0n))).toBe(
      '0x4f1db3c6abd250ba86e0928471a8f7db3afd88f1',
    );
    expect(hex(txs[4]!.from)).toBe('0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001');
    expect(hex(txs[4]!.data)).toBe('0xb3d72079');
  });
});

describe('upgrade bytecode', () => {
  it.each(SPEC_CODE_HASHES)('%s deploys the code hash the spec requires', async (name, codeHash) => {
    const evm = await createEVM();
    const result = await evm.runCode({ code: UPGRADE_BYTECODE[name], gasLimit: 30_000_000n });
    expect(result.exceptionError).toBeUndefined();
    expect(hex(keccak256(result.returnValue))).toBe(codeHash);
  });
});
