/**
 * Payload attributes for single blocks: the L1-info deposit per fork and position in the epoch,
 * user-deposit placement, upgrade blocks, and the per-fork attribute fields.
 */
import { bigIntToBytes, bytesToHex, hexToBytes, padLeft } from '@faultline/primitives';
import {
  type DepositTransaction,
  decodeL1Info,
  decodeTransaction,
  type Header,
  l1InfoDepositSourceHash,
  MissingNutBundleError,
  PREDEPLOYS,
  parseNutBundle,
  UnsupportedHardforkError,
  upgradeDepositSourceHash,
  userDepositSourceHash,
} from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import {
  type AttributesInput,
  buildPayloadAttributes,
  checkEpoch,
  depositsOnlyAttributes,
  ecotoneScalars,
  operatorFee,
} from './attributes.js';
import { DeriveCriticalError, DeriveResetError } from './errors.js';
import { BATCHER, genesisSystemConfig, l2Tx, SyntheticL1, testRollup } from './synthetic-chain.js';

const l1 = new SyntheticL1(103);
const origin = { hash: l1.hash(101), header: l1.headers[1]! };

function userDeposit(logIndex: bigint): DepositTransaction {
  return {
    type: 0x7e,
    sourceHash: userDepositSourceHash(origin.hash, logIndex),
    from: new Uint8Array(20).fill(1),
    to: new Uint8Array(20).fill(2),
    mint: 10n,
    value: 0n,
    gasLimit: 100_000n,
    isSystemTx: false,
    data: new Uint8Array(0),
  };
}

function input(forks: Parameters<typeof testRollup>[0], overrides: Partial<AttributesInput> = {}): AttributesInput {
  const rollup = testRollup(forks);
  return {
    rollup,
    systemConfig: genesisSystemConfig(rollup),
    l1Origin: origin,
    sequenceNumber: 0n,
    timestamp: 1212n,
    userDeposits: [],
    transactions: [],
    ...overrides,
  };
}

const ALL_TO_GRANITE = { regolith: 0n, canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n };
const txTypes = (txs: readonly Uint8Array[]) => txs.map((t) => t[0]);

describe('buildPayloadAttributes', () => {
  it('first block of an epoch: L1-info (sequence 0), then user deposits in log order, then batch txs', () => {
    const deposits = [userDeposit(0n), userDeposit(3n)];
    const batchTxs = [l2Tx(1n), l2Tx(2n)];
    const attrs = buildPayloadAttributes(input(ALL_TO_GRANITE, { userDeposits: deposits, transactions: batchTxs }));
    expect(txTypes(attrs.transactions)).toEqual([0x7e, 0x7e, 0x7e, 2, 2]);
    const decoded = attrs.transactions.map(decodeTransaction);
    const l1Info = decoded[0] as DepositTransaction;
    expect(l1Info.sourceHash).toEqual(l1InfoDepositSourceHash(origin.hash, 0n));
    expect(l1Info.to).toEqual(PREDEPLOYS.l1Block);
    expect(l1Info.gasLimit).toBe(1_000_000n);
    expect(l1Info.isSystemTx).toBe(false);
    expect((decoded[1] as DepositTransaction).sourceHash).toEqual(deposits[0]!.sourceHash);
    expect((decoded[2] as DepositTransaction).sourceHash).toEqual(deposits[1]!.sourceHash);
    expect(attrs.transactions.slice(3)).toEqual(batchTxs);
    const info = decodeL1Info(l1Info.data);
    expect(info.format).toBe('ecotone');
    expect(info.number).toBe(101n);
    expect(info.timestamp).toBe(origin.header.timestamp);
    expect(info.baseFee).toBe(origin.header.baseFeePerGas);
    expect(info.sequenceNumber).toBe(0n);
    expect(info.batcherHash).toEqual(padLeft(BATCHER, 32));
    // The synthetic L1 has excess blob gas 0: the blob base fee is the minimum, 1 wei.
    expect(info.format === 'ecotone' && info.blobBaseFee).toBe(1n);
    // Scalar word version 1 packs blobBaseFeeScalar 810949 and baseFeeScalar 1368.
    expect(info.format === 'ecotone' && [info.baseFeeScalar, info.blobBaseFeeScalar]).toEqual([1368, 810949]);
    expect(attrs.prevRandao).toEqual(origin.header.mixHash);
    expect(attrs.parentBeaconBlockRoot).toEqual(origin.header.parentBeaconBlockRoot);
    expect(attrs.suggestedFeeRecipient).toEqual(PREDEPLOYS.sequencerFeeVault);
    expect(attrs.gasLimit).toBe(30_000_000n);
    expect(attrs.withdrawals).toEqual([]);
    expect(attrs.noTxPool).toBe(true);
    expect(attrs.eip1559Params).toBeUndefined();
  });

  it('a later block of the epoch carries its sequence number and no deposits', () => {
    const attrs = buildPayloadAttributes(input(ALL_TO_GRANITE, { sequenceNumber: 3n, timestamp: 1218n }));
    expect(attrs.transactions.length).toBe(1);
    const tx = decodeTransaction(attrs.transactions[0]!) as DepositTransaction;
    expect(tx.sourceHash).toEqual(l1InfoDepositSourceHash(origin.hash, 3n));
    expect(decodeL1Info(tx.data).sequenceNumber).toBe(3n);
    expect(() =>
      buildPayloadAttributes(input(ALL_TO_GRANITE, { sequenceNumber: 1n, userDeposits: [userDeposit(0n)] })),
    ).toThrow(DeriveCriticalError);
  });

  it('Bedrock: the ABI form with overhead and scalar, a system tx before Regolith, no withdrawals', () => {
    const attrs = buildPayloadAttributes(input({}));
    const tx = decodeTransaction(attrs.transactions[0]!) as DepositTransaction;
    expect(tx.isSystemTx).toBe(true);
    expect(tx.gasLimit).toBe(150_000_000n);
    const info = decodeL1Info(tx.data);
    expect(info.format === 'bedrock' && info.l1FeeOverhead).toBe(188n);
    expect(attrs.withdrawals).toBeUndefined();
    expect(attrs.parentBeaconBlockRoot).toBeUndefined();
  });

  it('Ecotone activation block: Bedrock-form L1 info, then the six Ecotone upgrade deposits', () => {
    const forks = { regolith: 0n, canyon: 0n, delta: 0n, ecotone: 1212n };
    const attrs = buildPayloadAttributes(input(forks, { userDeposits: [userDeposit(0n)] }));
    const decoded = attrs.transactions.map(decodeTransaction) as DepositTransaction[];
    expect(decoded.length).toBe(1 + 1 + 6);
    expect(decodeL1Info(decoded[0]!.data).format).toBe('bedrock');
    expect(decoded[1]!.sourceHash).toEqual(userDeposit(0n).sourceHash);
    expect(bytesToHex(decoded[2]!.sourceHash)).toBe(
      '0x877a6077205782ea15a6dc8699fa5ebcec5e0f4389f09cb8eda09488231346f8',
    );
    expect(decoded[7]!.sourceHash).toEqual(upgradeDepositSourceHash('Ecotone: beacon block roots contract deployment'));
    expect(attrs.parentBeaconBlockRoot).toEqual(origin.header.parentBeaconBlockRoot);
    // The next block uses the Ecotone form and has no upgrade deposits.
    const next = buildPayloadAttributes(input(forks, { sequenceNumber: 1n, timestamp: 1214n }));
    expect(next.transactions.length).toBe(1);
    expect(decodeL1Info((decodeTransaction(next.transactions[0]!) as DepositTransaction).data).format).toBe('ecotone');
  });

  it('Isthmus activation block: Ecotone-form L1 info and eight upgrades; then the Isthmus form', () => {
    const forks = { ...ALL_TO_GRANITE, holocene: 0n, isthmus: 1212n };
    const base = input(forks);
    const operatorFeeParams = new Uint8Array(32);
    operatorFeeParams.set(bigIntToBytes(7n, 4), 20);
    operatorFeeParams.set(bigIntToBytes(1234n, 8), 24);
    const systemConfig = { ...base.systemConfig, operatorFeeParams };
    const attrs = buildPayloadAttributes({ ...base, systemConfig });
    expect(attrs.transactions.length).toBe(1 + 8);
    expect(decodeL1Info((decodeTransaction(attrs.transactions[0]!) as DepositTransaction).data).format).toBe('ecotone');
    const last = decodeTransaction(attrs.transactions[8]!) as DepositTransaction;
    expect(bytesToHex(last.sourceHash)).toBe('0xbfb734dae514c5974ddf803e54c1bc43d5cdb4a48ae27e1d9b875a5a150b553a');
    const next = buildPayloadAttributes({ ...base, systemConfig, sequenceNumber: 1n, timestamp: 1214n });
    const info = decodeL1Info((decodeTransaction(next.transactions[0]!) as DepositTransaction).data);
    expect(info.format === 'isthmus' && [info.operatorFeeScalar, info.operatorFeeConstant]).toEqual([7, 1234n]);
  });

  it('Holocene: eip1559Params from the system config', () => {
    const base = input({ ...ALL_TO_GRANITE, holocene: 0n });
    const eip1559Params = hexToBytes('0x000000fa00000006');
    const attrs = buildPayloadAttributes({ ...base, systemConfig: { ...base.systemConfig, eip1559Params } });
    expect(attrs.eip1559Params).toEqual(eip1559Params);
  });

  it('an L1 origin without a beacon root gives the zero root from Ecotone', () => {
    const { parentBeaconBlockRoot: _, ...header } = origin.header;
    const attrs = buildPayloadAttributes(
      input(ALL_TO_GRANITE, { l1Origin: { hash: origin.hash, header: header as Header } }),
    );
    expect(attrs.parentBeaconBlockRoot).toEqual(new Uint8Array(32));
  });

  it('Jovian activation block: Isthmus L1-info form, then the five upgrade deposits, and minBaseFee', () => {
    const forks = { ...ALL_TO_GRANITE, holocene: 0n, isthmus: 0n, jovian: 1212n };
    const base = input(forks);
    const attrs = buildPayloadAttributes({ ...base, systemConfig: { ...base.systemConfig, minBaseFee: 200_000n } });
    const decoded = attrs.transactions.map(decodeTransaction) as DepositTransaction[];
    expect(decodeL1Info(decoded[0]!.data).format).toBe('isthmus');
    expect(decoded.slice(1).map((t) => bytesToHex(t.sourceHash))).toEqual(
      [
        'Jovian: L1 Block Deployment',
        'Jovian: L1 Block Proxy Update',
        'Jovian: Gas Price Oracle Deployment',
        'Jovian: Gas Price Oracle Proxy Update',
        'Jovian: Gas Price Oracle Set Jovian',
      ].map((i) => bytesToHex(upgradeDepositSourceHash(i))),
    );
    expect(attrs.minBaseFee).toBe(200_000n);
    // Before Jovian the field is absent.
    expect(buildPayloadAttributes(input({ ...forks, jovian: 1214n })).minBaseFee).toBeUndefined();
  });

  it('after the Jovian activation block: the Jovian L1-info form, scalar 0 sent as the default 400', () => {
    const forks = { ...ALL_TO_GRANITE, holocene: 0n, isthmus: 0n, jovian: 1210n };
    const info = (daFootprintGasScalar: bigint) => {
      const base = input(forks);
      const attrs = buildPayloadAttributes({ ...base, systemConfig: { ...base.systemConfig, daFootprintGasScalar } });
      expect(attrs.transactions.length).toBe(1); // no upgrade deposits after the activation block
      return decodeL1Info((decodeTransaction(attrs.transactions[0]!) as DepositTransaction).data);
    };
    expect(info(0n)).toMatchObject({ format: 'jovian', daFootprintGasScalar: 400 });
    expect(info(312n)).toMatchObject({ format: 'jovian', daFootprintGasScalar: 312 });
  });

  it('Karst activation block: the NUT bundle deposits, and the gas limit raised by their gas', () => {
    const forks = { ...ALL_TO_GRANITE, holocene: 0n, isthmus: 0n, jovian: 0n, karst: 1212n };
    const bundle = parseNutBundle({
      metadata: { version: '1.0.0' },
      transactions: [
        { intent: 'Deploy A', from: `0x${'42'.repeat(20)}`, to: null, data: '0x6000', gasLimit: 300_000 },
        { intent: 'Call A', from: `0x${'00'.repeat(20)}`, to: `0x${'43'.repeat(20)}`, data: '0x', gasLimit: 50_000 },
      ],
    });
    const base = input(forks);
    const rollup = { ...base.rollup, nutBundles: { karst: bundle } };
    const attrs = buildPayloadAttributes({ ...base, rollup });
    const decoded = attrs.transactions.map(decodeTransaction) as DepositTransaction[];
    expect(decoded.slice(1).map((t) => bytesToHex(t.sourceHash))).toEqual([
      bytesToHex(upgradeDepositSourceHash('Karst 0: Deploy A')),
      bytesToHex(upgradeDepositSourceHash('Karst 1: Call A')),
    ]);
    expect(attrs.gasLimit).toBe(base.systemConfig.gasLimit + 350_000n);
    // The next block has the system config's limit again.
    expect(buildPayloadAttributes({ ...base, rollup, timestamp: 1214n }).gasLimit).toBe(base.systemConfig.gasLimit);
    // Without the bundle the activation block is refused, never built without its upgrades.
    expect(() => buildPayloadAttributes(base)).toThrow(MissingNutBundleError);
    expect(() => buildPayloadAttributes(base)).toThrow(/the karst activation block needs the karst NUT bundle/);
  });

  it('refuses blocks under a fork after Karst (Lagoon) instead of building wrong attributes', () => {
    expect(() =>
      buildPayloadAttributes(
        input({ ...ALL_TO_GRANITE, holocene: 0n, isthmus: 0n, jovian: 0n, karst: 0n, lagoon: 1212n }),
      ),
    ).toThrow(UnsupportedHardforkError);
  });

  it('refuses an L2 timestamp before the L1 origin (reset)', () => {
    expect(() => buildPayloadAttributes(input(ALL_TO_GRANITE, { timestamp: 1210n }))).toThrow(DeriveResetError);
  });
});

describe('attribute helpers', () => {
  it('ecotoneScalars reads versions 0 and 1 and refuses others', () => {
    const v0 = new Uint8Array(32);
    v0[31] = 9;
    expect(ecotoneScalars(v0)).toEqual({ baseFeeScalar: 9, blobBaseFeeScalar: 0 });
    const v1 = new Uint8Array(32);
    v1[0] = 1;
    v1[27] = 2;
    v1[31] = 3;
    expect(ecotoneScalars(v1)).toEqual({ baseFeeScalar: 3, blobBaseFeeScalar: 2 });
    const v2 = new Uint8Array(32);
    v2[0] = 2;
    expect(() => ecotoneScalars(v2)).toThrow(DeriveCriticalError);
  });

  it('operatorFee reads the scalar at bytes 20..24 and the constant at 24..32', () => {
    const p = new Uint8Array(32);
    p[23] = 5;
    p[31] = 6;
    expect(operatorFee(p)).toEqual({ operatorFeeScalar: 5, operatorFeeConstant: 6n });
  });

  it('depositsOnlyAttributes keeps exactly the deposits', () => {
    const attrs = buildPayloadAttributes(
      input(ALL_TO_GRANITE, { userDeposits: [userDeposit(0n)], transactions: [l2Tx(0n)] }),
    );
    expect(txTypes(depositsOnlyAttributes(attrs).transactions)).toEqual([0x7e, 0x7e]);
  });

  it('checkEpoch accepts the same origin or its child and resets otherwise', () => {
    const parent = {
      hash: new Uint8Array(32),
      number: 5n,
      timestamp: 1210n,
      l1Origin: { hash: l1.hash(100), number: 100n },
    };
    expect(checkEpoch(parent, { hash: l1.hash(100), number: 100n }, l1.headers[0])).toBe('same');
    expect(checkEpoch(parent, { hash: l1.hash(101), number: 101n }, l1.headers[1])).toBe('next');
    expect(() => checkEpoch(parent, { hash: l1.hash(102), number: 102n }, l1.headers[2])).toThrow(DeriveResetError);
    expect(() => checkEpoch(parent, { hash: l1.hash(101), number: 100n }, l1.headers[1])).toThrow(DeriveResetError);
    // A header whose number is not the epoch's.
    expect(() => checkEpoch(parent, { hash: l1.hash(100), number: 100n }, l1.headers[1])).toThrow(DeriveResetError);
    // A child whose header does not link to the parent's origin.
    expect(() => checkEpoch(parent, { hash: l1.hash(101), number: 101n }, l1.headers[2])).toThrow(DeriveResetError);
  });
});
