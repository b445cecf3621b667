import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { upgradeDepositSourceHash } from './deposit-source.js';
import { nutBundleDeposits, nutIntentLabel, nutUpgradeGas, parseNutBundle } from './nut-bundle.js';

/** Two transactions in the bundle file format of op-core/nuts/bundles (values illustrative). */
const BUNDLE = {
  metadata: { version: '1.0.0' },
  transactions: [
    {
      data: '0x6000',
      from: '0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001',
      gasLimit: 580000,
      intent: 'ConditionalDeployer Deployment',
      to: '0x4e59b44847b379578588920cA78FbF26c0B4956C',
    },
    {
      data: '0x3659cfe6000000000000000000000000906835344844979ffd3a752eaa23728d513db00b',
      from: '0x0000000000000000000000000000000000000000',
      gasLimit: 77000,
      intent: 'Upgrade ConditionalDeployer Implementation',
      to: '0x420000000000000000000000000000000000002C',
    },
  ],
};

describe('NUT bundles', () => {
  it('turn transaction i into a deposit whose intent is "<Fork> <i>: <intent>"', () => {
    const deposits = nutBundleDeposits('karst', parseNutBundle(BUNDLE));
    expect(deposits.map((d) => bytesToHex(d.sourceHash))).toEqual([
      bytesToHex(upgradeDepositSourceHash('Karst 0: ConditionalDeployer Deployment')),
      bytesToHex(upgradeDepositSourceHash('Karst 1: Upgrade ConditionalDeployer Implementation')),
    ]);
    expect(deposits[1]).toMatchObject({ mint: 0n, value: 0n, gasLimit: 77_000n, isSystemTx: false });
    expect(bytesToHex(deposits[1]!.to!)).toBe('0x420000000000000000000000000000000000002c');
    expect(nutIntentLabel('lagoon')).toBe('Lagoon');
  });

  it('sum their gas limits into the upgrade gas', () => {
    expect(nutUpgradeGas(parseNutBundle(BUNDLE))).toBe(657_000n);
  });

  it('accept a null "to" as a creation and refuse malformed files with the field named', () => {
    const create = { ...BUNDLE, transactions: [{ ...BUNDLE.transactions[0], to: null }] };
    expect(parseNutBundle(create).transactions[0]!.to).toBeNull();
    expect(() => parseNutBundle({ ...BUNDLE, metadata: { version: '2.0.0' } })).toThrow(
      'NUT bundle: unsupported version "2.0.0"; expected "1.0.0"',
    );
    const bad = (tx: Record<string, unknown>) => ({ ...BUNDLE, transactions: [{ ...BUNDLE.transactions[0], ...tx }] });
    expect(() => parseNutBundle(bad({ intent: '' }))).toThrow('transactions[0].intent: empty');
    expect(() => parseNutBundle(bad({ gasLimit: '580000' }))).toThrow(
      'transactions[0].gasLimit: expected a non-negative integer',
    );
    expect(() => parseNutBundle(bad({ from: '0x12' }))).toThrow(/transactions\[0\]\.from: .*expected 20 bytes, got 1/);
  });
});
