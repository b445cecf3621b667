/**
 * A small L2 chain built in-process for the devnet's unit tests: an L2 genesis on a made-up L1
 * start block, a second L1 block with a portal deposit log (OptimismPortal2's TransactionDeposited
 * shape), a signed user transaction, and the blocks the sequencer builds up to that L1 block's time.
 */
import { encodeAbi } from '@faultline/contracts';
import { DEPOSIT_EVENT_TOPIC } from '@faultline/derive';
import { bigIntToBytes, concatBytes, hexToBytes, keccak256, padLeft, rlpEncode } from '@faultline/primitives';
import { type Header, headerHash, logsBloom, type Receipt, receiptsRoot } from '@faultline/protocol';
import { devnetWallet } from '../src/l1-client.js';
import { L2Chain } from '../src/l2/chain.js';
import { buildL2Genesis } from '../src/l2/genesis.js';
import { L2Node } from '../src/l2/node.js';
import { Sequencer } from '../src/l2/sequencer.js';

export const T = 1_800_000_000n;
export const PORTAL = '0x00000000000000000000000000000000000d0d0d';
export const USER = devnetWallet('rpc-test-user');
export const RECIPIENT = '0x0000000000000000000000000000000000000b0b';
export const L1_BLOCK = '0x4200000000000000000000000000000000000015';

export function l1Header(number: bigint, parentHash: Uint8Array, receipts: Receipt[]): Header {
  return {
    parentHash,
    ommersHash: keccak256(rlpEncode([])),
    beneficiary: new Uint8Array(20),
    stateRoot: keccak256(rlpEncode([number])),
    transactionsRoot: keccak256(rlpEncode([number, 1])),
    receiptsRoot: receiptsRoot(receipts),
    logsBloom: logsBloom(receipts.flatMap((r) => r.logs)),
    difficulty: 0n,
    number,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: T + (number - 10n) * 12n,
    extraData: new Uint8Array(0),
    mixHash: keccak256(rlpEncode([number, 2])),
    nonce: new Uint8Array(8),
    baseFeePerGas: 7n,
    withdrawalsRoot: keccak256(rlpEncode([])),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: keccak256(rlpEncode([number, 3])),
  };
}

/** OptimismPortal2's TransactionDeposited: version 0 opaque data = mint, value, gas, isCreation, data. */
function depositReceipt(to: string, mint: bigint): Receipt {
  const opaque = concatBytes(
    bigIntToBytes(mint, 32),
    bigIntToBytes(mint, 32),
    bigIntToBytes(100_000n, 8),
    Uint8Array.of(0),
  );
  const log = {
    address: hexToBytes(PORTAL),
    topics: [
      DEPOSIT_EVENT_TOPIC,
      padLeft(hexToBytes(USER.address), 32),
      padLeft(hexToBytes(to), 32),
      new Uint8Array(32),
    ],
    data: encodeAbi([{ type: 'bytes' }], [opaque]),
  };
  return { type: 2, status: true, cumulativeGasUsed: 50_000n, logsBloom: logsBloom([log]), logs: [log] };
}

export function fixture() {
  const genesisL1 = l1Header(10n, new Uint8Array(32), []);
  const genesis = buildL2Genesis({
    l1ChainId: 900n,
    l2ChainId: 901n,
    l1Start: { hash: headerHash(genesisL1), number: 10n, timestamp: genesisL1.timestamp },
    portal: PORTAL,
    systemConfig: '0x00000000000000000000000000000000005c5c5c',
    batchInbox: '0xff00000000000000000000000000000000000901',
    batcher: '0x0000000000000000000000000000000000ba7c4e',
    overhead: new Uint8Array(32),
    scalar: hexToBytes(`0x01${'00'.repeat(23)}000c5fc500000558`),
    gasLimit: 30_000_000n,
    funded: { [USER.address]: 10n ** 20n },
  });
  const chain = new L2Chain(genesis.rollup, genesis);
  const sequencer = new Sequencer(chain);
  sequencer.addL1Block({ hash: headerHash(genesisL1), header: genesisL1, receipts: [] });
  const receipts = [depositReceipt(RECIPIENT, 3n * 10n ** 18n)];
  const next = l1Header(11n, headerHash(genesisL1), receipts);
  sequencer.addL1Block({ hash: headerHash(next), header: next, receipts });
  const node = new L2Node(chain, sequencer, genesis.rollupJson);
  const raw = USER.signTransaction({
    chainId: 901n,
    nonce: 0n,
    to: RECIPIENT,
    value: 10n ** 15n,
    data: new Uint8Array(0),
    gas: 21_000n,
    maxFeePerGas: 10n ** 10n,
    maxPriorityFeePerGas: 1000n,
  });
  const txHash = sequencer.submit(raw);
  sequencer.buildUntil(next.timestamp);
  node.safe = 3n;
  return {
    node,
    chain,
    txHash,
    raw,
    l1: [
      { hash: headerHash(genesisL1), header: genesisL1, receipts: [] },
      { hash: headerHash(next), header: next, receipts },
    ],
  };
}
