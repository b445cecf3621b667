/**
 * ethereum/tests TransactionTests: each case is `txbytes` plus, per fork, either the expected
 * `{hash, sender, intrinsicGas}` or an `exception`. A case passes when decoding + stateless
 * validation (chain id 1) throws exactly when an exception is expected, and otherwise yields the
 * same hash, sender and intrinsic gas. Every fork in the files (Frontier … Cancun) is supported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFork } from '@faultline/evm';
import { bytesToHex, hexToBytes, parseQuantity } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { decodeTransaction, transactionHash, validateTransaction } from '../src/index.js';

const root = fixturePath('ethereum-tests', 'tests', 'TransactionTests');
const CHAIN_ID = 1n;

type ForkResult = { hash?: string; sender?: string; intrinsicGas?: string; exception?: string };
type Case = { txbytes: string; result: Record<string, ForkResult> };

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}

type Outcome = { ok: true; hash: string; sender: string; intrinsicGas: bigint } | { ok: false; error: string };

function run(txbytes: string, forkName: string): Outcome {
  try {
    const bytes = hexToBytes(txbytes);
    const tx = decodeTransaction(bytes);
    const v = validateTransaction(tx, { fork: parseFork(forkName), chainId: CHAIN_ID });
    return {
      ok: true,
      hash: bytesToHex(transactionHash(tx)),
      sender: bytesToHex(v.sender),
      intrinsicGas: v.intrinsicGas,
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

describe.runIf(root)('TransactionTests', () => {
  for (const file of root ? jsonFiles(root) : []) {
    const cases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Case>;
    for (const [name, tc] of Object.entries(cases)) {
      it(`${file.slice(root!.length + 1)} ${name}`, () => {
        for (const [fork, expected] of Object.entries(tc.result)) {
          const got = run(tc.txbytes, fork);
          if (expected.exception) {
            expect(got.ok, `${fork}: expected ${expected.exception}`).toBe(false);
          } else {
            if (!got.ok) expect.fail(`${fork}: unexpected error ${got.error}`);
            expect(got.hash, `${fork} hash`).toBe(expected.hash);
            expect(got.sender, `${fork} sender`).toBe(expected.sender);
            expect(got.intrinsicGas, `${fork} intrinsic gas`).toBe(parseQuantity(expected.intrinsicGas!));
          }
        }
      });
    }
  }
});
