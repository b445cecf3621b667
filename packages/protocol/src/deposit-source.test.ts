import { bytesToHex, hexToBytes, keccak256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { l1InfoDepositSourceHash, upgradeDepositSourceHash, userDepositSourceHash } from './deposit-source.js';

describe('deposit source hashes (deposits.md "Source hash computation")', () => {
  // Vectors published in OP spec ecotone/derivation.md "Network upgrade automation transactions".
  it.each([
    ['Ecotone: L1 Block Deployment', '0x877a6077205782ea15a6dc8699fa5ebcec5e0f4389f09cb8eda09488231346f8'],
    ['Ecotone: Gas Price Oracle Deployment', '0xa312b4510adf943510f05fcc8f15f86995a5066bd83ce11384688ae20e6ecf42'],
    ['Ecotone: L1 Block Proxy Update', '0x18acb38c5ff1c238a7460ebc1b421fa49ec4874bdf1e0a530d234104e5e67dbc'],
    ['Ecotone: Gas Price Oracle Proxy Update', '0xee4f9385eceef498af0be7ec5862229f426dec41c8d42397c7257a5117d9230a'],
    ['Ecotone: Gas Price Oracle Set Ecotone', '0x0c1cb38e99dbc9cbfab3bb80863380b0905290b37eb3d6ab18dc01c1f3e75f93'],
    [
      'Ecotone: beacon block roots contract deployment',
      '0x69b763c48478b9dc2f65ada09b3d92133ec592ea715ec65ad6e7f3dc519dc00c',
    ],
  ])('upgrade deposit %s', (intent, expected) => {
    expect(bytesToHex(upgradeDepositSourceHash(intent))).toBe(expected);
  });

  it('user and L1-info deposits differ only in the domain word', () => {
    const block = hexToBytes(`0x${'ab'.repeat(32)}`);
    const user = userDepositSourceHash(block, 3n);
    const info = l1InfoDepositSourceHash(block, 3n);
    expect(bytesToHex(user)).not.toBe(bytesToHex(info));
    const inner = keccak256(new Uint8Array([...block, ...new Uint8Array(31), 3]));
    const domain1 = new Uint8Array(32);
    domain1[31] = 1;
    expect(bytesToHex(info)).toBe(bytesToHex(keccak256(new Uint8Array([...domain1, ...inner]))));
  });
});
