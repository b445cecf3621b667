/**
 * More built-in chains: the Superchain members of the superchain registry (and World Chain),
 * each with its genesis, system config, addresses, EIP-1559 parameters and fork times. Values are
 * the registry's as kona renders them (`kona-registry/configs.json`, generated from
 * superchain-registry @ 59e22d26, January 2026), with Karst from the superchain-wide
 * `[hardforks]` (superchain-registry @ 8336d2ae, 2026-08-04: every chain with a `superchain_time`
 * follows them) and Lagoon for Ink Sepolia, Soneium Minato and Unichain Sepolia (2026-12-10,
 * op-node v1.21.0 release notes).
 *
 * `knownUntil` is the date of the newest source behind an entry: a later fork may be scheduled
 * that these values do not show, so a claim past it is refused rather than verified under rules
 * that may have changed (World Chain, outside the superchain's schedule, is known until January).
 * Chains with a custom gas token or alt-DA are left out: Faultline implements neither.
 */
import { hexToBytes } from '@faultline/primitives';
import { chainConfigFromRollup } from './chain-config.js';
import type { BuiltinChain } from './chains.js';
import type { OpHardforkTimes } from './op-hardforks.js';
import { GRANITE_CHANNEL_TIMEOUT, type RollupConfig } from './rollup-config.js';

type Entry = {
  name: string;
  l1: bigint;
  l2: bigint;
  blockTime: bigint;
  seqWindowSize: bigint;
  maxSequencerDrift: bigint;
  /** L1 hash, L1 number, L2 hash, L2 number, L2 time. */
  genesis: [string, bigint, string, bigint, bigint];
  /** Batcher, overhead, scalar, gas limit. */
  system: [string, string, string, bigint];
  /** Batch inbox, OptimismPortalProxy, SystemConfigProxy. */
  addresses: [string, string, string];
  /** Elasticity, denominator, Canyon denominator. */
  eip1559: [bigint, bigint, bigint];
  forks: Omit<OpHardforkTimes, 'bedrock'>;
  pectraBlobScheduleTime?: bigint;
  knownUntil: bigint;
};

const h = (hex: string) => hexToBytes(hex);

function r(slug: string, e: Entry): BuiltinChain {
  const rollup: RollupConfig = {
    genesis: {
      l1: { hash: h(e.genesis[0]), number: e.genesis[1] },
      l2: { hash: h(e.genesis[2]), number: e.genesis[3] },
      l2Time: e.genesis[4],
      systemConfig: {
        batcherAddress: h(e.system[0]),
        overhead: h(e.system[1]),
        scalar: h(e.system[2]),
        gasLimit: e.system[3],
      },
    },
    blockTime: e.blockTime,
    maxSequencerDrift: e.maxSequencerDrift,
    seqWindowSize: e.seqWindowSize,
    channelTimeout: 300n,
    graniteChannelTimeout: GRANITE_CHANNEL_TIMEOUT,
    l1ChainId: e.l1,
    l2ChainId: e.l2,
    hardforks: { bedrock: 0n, ...e.forks },
    batchInboxAddress: h(e.addresses[0]),
    depositContractAddress: h(e.addresses[1]),
    l1SystemConfigAddress: h(e.addresses[2]),
    eip1559: { elasticity: e.eip1559[0], denominator: e.eip1559[1], denominatorCanyon: e.eip1559[2] },
  };
  if (e.pectraBlobScheduleTime !== undefined) rollup.pectraBlobScheduleTime = e.pectraBlobScheduleTime;
  return { name: slug, rollup, chainConfig: chainConfigFromRollup(rollup), knownUntil: e.knownUntil };
}

// biome-ignore format: one registry entry per block
export const REGISTRY_CHAINS: readonly BuiltinChain[] = [
  r('ethernity', {
    name: "Ethernity", l1: 1n, l2: 183n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xbb7ad201b0ab296465865642878e9256e0fa4a3f8d06bca1f3e5c5b54be6be90', 20519340n, '0xa5e974a6ace39285b42f92316a9e040e58f8ffc24e3aac124ff6243c28323607', 0n, 1723547735n],
    system: ['0x43ca061ea80fbb4a2b5515f4be4e953b191147af', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000f4240', 30000000n],
    addresses: ['0xff00000000000000000000000000000000000183', '0xda29f0b4da6c23f6c1af273945c290c0268c4ea9', '0x20c3035c92bdb4c461242571eeac59eed03df931'],
    eip1559: [20n, 1000n, 1000n],
    forks: { canyon: 1704992401n, delta: 1708560000n, ecotone: 1710374401n, fjord: 1720627201n, granite: 1726070401n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('lisk', {
    name: "Lisk", l1: 1n, l2: 1135n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xd580bdbd001908860f225c16ddaa08ada64471a68435694760c111253d97ffce', 19788720n, '0x5a693d1d8ee27b8e62868d0349af430a2d2e173c8c8988e7b0c9ef91893cbf00', 0n, 1714728791n],
    system: ['0xa6ea2f3299b63c53143c993d2d5e60a69cd6fe24', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000f4240', 30000000n],
    addresses: ['0xff00000000000000000000000000000000001135', '0x26db93f8b8b4f7016240af62f7730979d353f9a7', '0x05f23282ffdca8286e4738c1af79079f3d843750'],
    eip1559: [20n, 1000n, 1000n],
    forks: { canyon: 1704992401n, delta: 1708560000n, ecotone: 1710374401n, fjord: 1720627201n, granite: 1726070401n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('metal', {
    name: "Metal L2", l1: 1n, l2: 1750n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x2493565ce8472656b7c22377c8d4d8ef5d17f78392c799ca5f2429b01e2c159c', 19527340n, '0xd31c12ffff2d563897ad9a041c0d26790d635911bdbbfa589347fa955f75281e', 0n, 1711563515n],
    system: ['0xc94c243f8fb37223f3eb2f7961f7072602a51b8b', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0xc83f7d9f2d4a76e81145849381aba02602373723', '0x3f37abde2c6b5b2ed6f8045787df1ed1e3753956', '0x7bd909970b0eedcf078de6aeff23ce571663b8aa'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 1720627201n, granite: 1726070401n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('soneium', {
    name: "Soneium", l1: 1n, l2: 1868n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x68b4ad05c3dafc2613853d26cf39f0e1716e986f879207440f187b56c12cb4d6', 21314185n, '0x295d22d269634c7d0055b33b887519362d0b31899e97109d1789a8a168de1b21', 0n, 1733134751n],
    system: ['0x6776be80dbada6a02b5f2095cf13734ac303b8d1', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000c5fc500000558', 60000000n],
    addresses: ['0x008dc74cecc9deda8595b2fe210ce5979f0bfa8e', '0x88e529a6ccd302c948689cd5156c83d4614fae92', '0x7a8ed66b319911a0f3e7288bddab30d9c0c875c3'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 1738573200n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('swell', {
    name: "Swellchain", l1: 1n, l2: 1923n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xd904f8475cc7b74a9ef4749d0ee9aeca3b233aa3dc143667e8a20ffe43789a26', 21277945n, '0x92379973a1576876b7337a9ce89e2a7a9cb99887f55e6045ed2069d5d98d9319', 0n, 1732696703n],
    system: ['0xf854cd5b26bfd73d51236c0122798907ed65b1f2', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000c5fc500000558', 60000000n],
    addresses: ['0x005de5857e38dfd703a1725c0900e9c6f24cbde0', '0x758e0ee66102816f5c3ec9ecc1188860fbb87812', '0xd3d4c6b703978a5d24fecf3a70a51127667ff1a4'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 1752732000n, isthmus: 1764648001n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('arena-z', {
    name: "arena-z", l1: 1n, l2: 7897n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x5e7db5c04973dd6e06ac7e2abf5b9373089f0f09e8ae8231642f0c6aff177e27', 21167590n, '0xbe7112a730b1fae8d94115271adc600559ebe87c75df1d2df9414bd7298eb7fb', 0n, 1731366083n],
    system: ['0x2b8733e8c60a928b19bb7db1d79b918e8e09ac8c', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000c3a30000060a4', 30000000n],
    addresses: ['0x00f9bcee08dce4f0e7906c1f6cfb10c77802eed0', '0xb20f99b598e8d888d1887715439851bc68806b22', '0x34a564bbd863c4bf73eca711cf38a77c4ccbdd6a'],
    eip1559: [20n, 2000n, 2000n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('mode', {
    name: "Mode", l1: 1n, l2: 34443n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xf9b1b22a7ef9d13f063ea467bcb70fb6e9f29698ecb7366a2cdf5af2165cacee', 18586927n, '0xb0f682e12fc555fd5ce8fce51a59a67d66a5b46be28611a168260a549dac8a9b', 0n, 1700167583n],
    system: ['0x99199a22125034c808ff20f377d91187e8050f2e', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0x24e59d9d3bd73ccc28dc54062af7ef7bff58bd67', '0x8b34b14c7c7123459cf3076b8cb929be097d0c07', '0x5e6432f18bc5d497b1ab2288a025fbf9d69e2221'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1704992401n, delta: 1708560000n, ecotone: 1710374401n, fjord: 1720627201n, granite: 1726070401n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('ink', {
    name: "Ink", l1: 1n, l2: 57073n, blockTime: 1n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x39e4e0c0c94f8076134b441a9dc18d10b595fd9777edeb763bb9f9bd8f922fd9', 21344310n, '0x23a2658170ba70d014ba0d0d2709f8fbfe2fa660cd868c5f282f991eecbe38ee', 0n, 1733498411n],
    system: ['0x500d7ea63cf2e501dadaa5feec1fc19fe2aa72ac', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000c5fc500000558', 30000000n],
    addresses: ['0x005969bf0ecbf6edb6c47e5e94693b1c3651be97', '0x5d66c1782664115999c47c9fa5cd031f495d3e4f', '0x62c0a111929fa32cec2f76adba54c16afb6e8364'],
    eip1559: [6n, 250n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 1742396400n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('zora', {
    name: "Zora", l1: 1n, l2: 7777777n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xbdbd2847f7aa5f7cd1bd4c9f904057f4ba0b498c7e380199c01d240e3a41a84f', 17473923n, '0x47555a45a1af8d4728ca337a1e48375a83919b1ea16591e070a07388b7364e29', 0n, 1686693839n],
    system: ['0x625726c858dbf78c0125436c943bf4b4be9d9033', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0x6f54ca6f6ede96662024ffd61bfd18f3f4e34dff', '0x1a0ad011913a150f69f6a19df447a0cfd9551054', '0xa3cab0126d5f504b071b81a3e8a2bbbf17930d86'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1704992401n, delta: 1708560000n, ecotone: 1710374401n, fjord: 1720627201n, granite: 1726070401n, holocene: 1736445601n, isthmus: 1746806401n, jovian: 1764691201n, karst: 1783526401n },
    knownUntil: 1785801600n,
  }),
  r('worldchain', {
    name: "World Chain", l1: 1n, l2: 480n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 1800n,
    genesis: ['0x793daed4743301e00143be5533cd1dce0a741519e9e9c96588a9ad7dbb4d8db4', 20170118n, '0x70d316d2e0973b62332ba2e9768dd7854298d7ffe77f0409ffdb8d859f2d3fa3', 0n, 1719335639n],
    system: ['0xdbbe3d8c2d2b22a2611c5a94a9a12c2fcd49eb29', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 100000000n],
    addresses: ['0xff00000000000000000000000000000000000480', '0xd5ec14a83b7d95be1e2ac12523e2dee12cbeea6c', '0x6ab0777fd0e609ce58f939a7f70fe41f5aa6300a'],
    eip1559: [10n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 1721826000n, granite: 1727780400n, holocene: 1738238400n, isthmus: 1764072000n },
    knownUntil: 1767916800n,
  }),
  r('unichain-sepolia', {
    name: "Unichain Sepolia Testnet", l1: 11155111n, l2: 1301n, blockTime: 1n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x81719966c43c08d616a832331500633db68006f5e8c0b575a6faf1704ad350c0', 6728364n, '0xb7fe0bc9f98ca03294ca0094ff9374cc3e64130b6ec85850d6e260191f48bfe7', 0n, 1726852428n],
    system: ['0x4ab3387810ef500bfe05a49dc53a44c222cbab3e', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000dbba0000007d0', 30000000n],
    addresses: ['0xff00000000000000000000000000000000001301', '0x0d83dab629f0e0f9d36c0cbc89b69a489f0751bd', '0xaee94b9ab7752d3f7704bde212c0c6a0b701571d'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 1734559200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n, lagoon: 1796918401n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('soneium-minato', {
    name: "Soneium Testnet Minato", l1: 11155111n, l2: 1946n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 1800n,
    genesis: ['0x87e648e8d219737526cbcbc03dc914256d4f8e13ae13dc0a2ad377d831cd6473', 6465975n, '0x7ec49d93fa8f47c00e98cc5965cd3903a8faa9238743d2eba0e0550ab4c45c43', 0n, 1723194336n],
    system: ['0xf0ab0441c8f4b89b561ae685b98c6ad5175e0cab', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0x00ca81e019a5312d404ae7fe8367d30de4c11365', '0x65ea1489741a5d72ffdd8e6485b216bbdcc15af3', '0x4ca9608fef202216bc21d543798ec854539baad3'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 1730106000n, granite: 1730106000n, holocene: 1734685200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n, lagoon: 1796918401n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('ink-sepolia', {
    name: "Ink Sepolia", l1: 11155111n, l2: 763373n, blockTime: 1n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x5fb818b4d3ba100eeb3347c508bca24752ee88f235120e108bd9ee5d1b2ae50b', 6880819n, '0xe5fd5cf0be56af58ad5751b401410d6b7a09d830fa459789746a3d0dd1c79834', 0n, 1729003296n],
    system: ['0x21e57c21530bc33f12ba96c9ddc135488365002f', '0x0000000000000000000000000000000000000000000000000000000000000000', '0x010000000000000000000000000000000000000000000000000c5fc500000558', 30000000n],
    addresses: ['0x004de1914f4f17ac234f5a5bc8a4072a231d44bf', '0x5c1d29c6c9c8b0800692acc95d700bcb4966a1d7', '0x05c993e60179f28bf649a2bb5b00b5f4283bd525'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1699981200n, delta: 1703203200n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n, lagoon: 1796918401n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('mode-sepolia', {
    name: "Mode Testnet", l1: 11155111n, l2: 919n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x4370cafe528a1b8f2aaffc578094731daf69ff82fd9edc30d2d842d3763f3410', 3778382n, '0x13c352562289a88ed33087a51b6b6c859a27709c8555c9def7cb9757c043acad', 0n, 1687867932n],
    system: ['0x4e6bd53883107b063c502ddd49f9600dc51b3ddc', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0xcddae6148da1e003c230e4527f9baedc8a204e7e', '0x320e1580efff37e008f1c92700d1eba47c1b23fd', '0x15cd4f6e0ce3b4832b33cb9c6f6fe6fc246754c2'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1703203200n, delta: 1703203200n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('metal-sepolia', {
    name: "Metal L2 Testnet", l1: 11155111n, l2: 1740n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x6a10927c70985f75898c48235b620acb2a48e9c777a40022f9dbad1b0c96a9c1', 5304030n, '0xd24cf8e46b189b0c128dab4e46168520e3a4cdd390b239e8cc1e5abd22a629ae', 0n, 1708129620n],
    system: ['0xdb80eca386ac72a55510e33cf9cf7533e75916ee', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0x24567b64a86a4c966655fba6502a93dfb701e316', '0x01d4dfc994878682811b2980653d03e589f093cb', '0x5d63a8dc2737ce771aa4a6510d063b6ba2c4f6f2'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1708129622n, delta: 1708385400n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('lisk-sepolia', {
    name: "Lisk Sepolia Testnet", l1: 11155111n, l2: 4202n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x7d9d6dcec39efe182119f41b1bd2aa7b35b82e43927522afea86d210a4eace4b', 5089851n, '0xead3e6ddd08ae7e27fd952b74ceb468ba889047ac96b351dd13bd55e5faf3372', 0n, 1705312992n],
    system: ['0x246e119a5bcc2875161b23e4e602e25cece96e37', '0x0000000000000000000000000000000000000000000000000000000000000834', '0x00000000000000000000000000000000000000000000000000000000000f4240', 30000000n],
    addresses: ['0xff00000000000000000000000000000000004202', '0xe3d90f21490686ec7ef37be788e02dfc12787264', '0xf54791059df4a12ba461b881b4080ae81a1d0ac0'],
    eip1559: [10n, 50n, 250n],
    forks: { canyon: 1705312994n, delta: 1705312994n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('ethernity-sepolia', {
    name: "Ethernity Testnet", l1: 11155111n, l2: 233n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0x2d9c0b883cfc901f509bd94953c283c477adc57c8a20e234029244e68f00142a', 6037466n, '0x4715665848c513c54d71a3e60700743f2b37ec21df9b9d0b8eefee4c30cd557a', 0n, 1717499232n],
    system: ['0x973a9e30d6d11355a459a69e7cbfba61c7627736', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000f4240', 30000000n],
    addresses: ['0xff00000000000000000000000000000000000233', '0x1f24d471ef7291c7f97dbd2f76299b30d3e3b6e3', '0x7c957fec1f6b3d1024442e989cb08b8f2285686c'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1699981200n, delta: 1703203200n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('arena-z-sepolia', {
    name: "arena-z-testnet", l1: 11155111n, l2: 9899n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xc169b1762b3430dc19a3c380536edb770eba127aeb6f518ef5a685ae17a588a2', 8374269n, '0x29b5818dde83228647d69794cad3e28bfc2e99defc3696c46c068ba4a27b8d4a', 0n, 1747822512n],
    system: ['0xc7dbe00183fef815db161d61faf3cb6a172d4ea2', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000f4240', 60000000n],
    addresses: ['0x00894002c8ccc07469d2f98e575c375130761c35', '0x90fdce6efff020605462150cde42257193d1e558', '0x5357be2d78aad17860570e14b74561840e959d4d'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n, holocene: 0n, isthmus: 1747839600n, jovian: 1763568001n, karst: 1781712001n },
    knownUntil: 1785801600n,
  }),
  r('zora-sepolia', {
    name: "Zora Sepolia Testnet", l1: 11155111n, l2: 999999999n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 600n,
    genesis: ['0xf782446a2487d900addb5d466a8597c7c543b59fa9aaa154d413830238f8798a', 4548041n, '0x8b17d2d52564a5a90079d9c860e1386272579e87b17ea27a3868513f53facd74', 0n, 1698080004n],
    system: ['0x3cd868e221a3be64b161d596a7482257a99d857f', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 30000000n],
    addresses: ['0xcd734290e4bd0200dac631c7d4b9e8a33234e91f', '0xeffe2c6ca9ab797d418f0d91ea60807713f3536f', '0xb54c7bfc223058773cf9b739cc5bd4095184fb08'],
    eip1559: [6n, 50n, 250n],
    forks: { canyon: 1699981200n, delta: 1703203200n, ecotone: 1708534800n, fjord: 1716998400n, granite: 1723478400n, holocene: 1732633200n, isthmus: 1744905600n, jovian: 1763568001n, karst: 1781712001n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1785801600n,
  }),
  r('worldchain-sepolia', {
    name: "World Chain Sepolia Testnet", l1: 11155111n, l2: 4801n, blockTime: 2n,
    seqWindowSize: 3600n, maxSequencerDrift: 1800n,
    genesis: ['0xd220bbdf24df6d1611f4ece1d08c64feae914ce6299ab2806c864e30a5289201', 6278018n, '0xf1deb67ee953f94d8545d2647918687fa8ba1f30fa6103771f11b7c483984070', 0n, 1720547424n],
    system: ['0x0f3ff4731d7a10b89ed79ad1fd97844d7f66b96d', '0x00000000000000000000000000000000000000000000000000000000000000bc', '0x00000000000000000000000000000000000000000000000000000000000a6fe0', 100000000n],
    addresses: ['0xff00000000000000000000000000000000484752', '0xff6eba109271fe6d4237eeed4bab1dd9a77dd1a4', '0x166f9406e79a656f12f05247fb8f5dfa6155bcbf'],
    eip1559: [10n, 50n, 250n],
    forks: { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 1721739600n, granite: 1726570800n, holocene: 1737633600n, isthmus: 1761825600n }, pectraBlobScheduleTime: 1742486400n,
    knownUntil: 1767916800n,
  }),
];
