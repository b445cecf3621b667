/**
 * Test support: a synchronous in-memory pre-image host on memory channels, so oracle tests run
 * the real framing (`OracleClient`, `HintWriter`) against a store filled with trie/protocol
 * encoders. It logs every hint and get in order; a missing key closes the channel, as a host
 * that cannot produce a pre-image would. Not exported from the package index.
 */
import {
  HintWriter,
  KEY_SIZE,
  keccakKeyOf,
  localKey,
  memoryChannelPair,
  OracleClient,
  type SyncChannel,
} from '@faultline/preimage';
import { bytesToHex, u64ToBytes } from '@faultline/primitives';
import { HintedOracle } from './hinted-oracle.js';

export class TestPreimageStore {
  readonly values = new Map<string, Uint8Array>();
  /** `hint <text>` and `get <key hex>`, in arrival order. */
  readonly log: string[] = [];

  set(key: Uint8Array, value: Uint8Array): this {
    this.values.set(bytesToHex(key), value);
    return this;
  }
  /** Stores `data` under its keccak key and returns it. */
  putKeccak(data: Uint8Array): Uint8Array {
    this.set(keccakKeyOf(data), data);
    return data;
  }
  setLocal(index: number, value: Uint8Array | bigint): this {
    return this.set(localKey(index), typeof value === 'bigint' ? u64ToBytes(value) : value);
  }
  hints(): string[] {
    return this.log.filter((l) => l.startsWith('hint ')).map((l) => l.slice(5));
  }
  gets(): string[] {
    return this.log.filter((l) => l.startsWith('get ')).map((l) => l.slice(4));
  }
}

export interface TestChannels {
  hints: SyncChannel;
  preimages: SyncChannel;
}

/** Client-side channels served synchronously from `store`. */
export function serveFromStore(store: TestPreimageStore): TestChannels {
  const [hintClient, hintServer] = memoryChannelPair('hint channel');
  const [oracleClient, oracleServer] = memoryChannelPair('pre-image channel');
  hintServer.onData = () => {
    while (hintServer.available >= 4) {
      const len = new DataView(hintServer.readExact(4).buffer).getUint32(0, false);
      store.log.push(`hint ${new TextDecoder().decode(hintServer.readExact(len))}`);
      hintServer.writeAll(new Uint8Array([0]));
    }
  };
  oracleServer.onData = () => {
    while (oracleServer.available >= KEY_SIZE) {
      const key = bytesToHex(oracleServer.readExact(KEY_SIZE));
      store.log.push(`get ${key}`);
      const value = store.values.get(key);
      if (value === undefined) {
        oracleServer.close();
        return;
      }
      oracleServer.writeAll(u64ToBytes(value.length));
      oracleServer.writeAll(value);
    }
  };
  return { hints: hintClient, preimages: oracleClient };
}

/** A `HintedOracle` over the real client ends, served from `store`. */
export function testOracle(store: TestPreimageStore): HintedOracle {
  const io = serveFromStore(store);
  return new HintedOracle(new OracleClient(io.preimages), new HintWriter(io.hints));
}
