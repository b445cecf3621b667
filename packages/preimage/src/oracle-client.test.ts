import { hexToBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { ChannelClosedError, PreimageMismatchError } from './errors.js';
import { encodePreimageResponse } from './framing.js';
import { HintReader } from './hint-reader.js';
import { HintWriter } from './hint-writer.js';
import { keccakKeyOf, localKey, sha256KeyOf } from './key-type.js';
import { memoryChannelPair } from './memory-channel.js';
import { OracleClient } from './oracle-client.js';
import { OracleServer } from './oracle-server.js';

/** A synchronous server installed on the memory channel: answers each complete key inline. */
function syncServe(values: Map<string, Uint8Array>) {
  const [client, server] = memoryChannelPair('pre-image channel');
  server.onData = () => {
    while (server.available >= 32) {
      const key = server.readExact(32);
      const v = values.get(Buffer.from(key).toString('hex'));
      server.writeAll(encodePreimageResponse(v ?? new Uint8Array(0)));
    }
  };
  return client;
}

describe('OracleClient', () => {
  it('reads local, keccak and sha256 values and verifies hash keys', () => {
    const data = utf8ToBytes('the pre-image');
    const values = new Map<string, Uint8Array>([
      [Buffer.from(localKey(4)).toString('hex'), hexToBytes('0x0000000000000064')],
      [Buffer.from(keccakKeyOf(data)).toString('hex'), data],
      [Buffer.from(sha256KeyOf(data)).toString('hex'), data],
    ]);
    const client = new OracleClient(syncServe(values));
    expect(client.get(localKey(4))).toEqual(hexToBytes('0x0000000000000064'));
    expect(client.get(keccakKeyOf(data))).toEqual(data);
    expect(client.get(sha256KeyOf(data))).toEqual(data);
    expect(client.requests).toBe(3);
  });

  it('a value that does not hash to its key is a fatal typed error', () => {
    const data = utf8ToBytes('real');
    const key = keccakKeyOf(data);
    const values = new Map([[Buffer.from(key).toString('hex'), utf8ToBytes('fake')]]);
    const client = new OracleClient(syncServe(values));
    expect(() => client.get(key)).toThrow(PreimageMismatchError);
    const err = (() => {
      try {
        client.get(key);
      } catch (e) {
        return e as PreimageMismatchError;
      }
    })();
    expect(err?.actual.slice(4)).toBe(
      Buffer.from(keccak256(utf8ToBytes('fake')))
        .toString('hex')
        .slice(2),
    );
  });

  it('a server that never answers surfaces as a closed channel', () => {
    const [client] = memoryChannelPair('pre-image channel');
    expect(() => new OracleClient(client).get(localKey(1))).toThrow(ChannelClosedError);
  });

  it('talks to the async OracleServer through the same framing', async () => {
    const [client, server] = memoryChannelPair('pre-image channel');
    const data = utf8ToBytes('x'.repeat(1000));
    // Pre-load the request, let the async server answer, then read synchronously.
    client.writeAll(keccakKeyOf(data));
    const srv = new OracleServer(server);
    expect(await srv.next(() => data)).toBe(true);
    expect(client.available).toBe(8 + 1000);
    client.close();
    expect(await srv.next(() => data)).toBe(false);
  });

  it('async server reports a key cut short', async () => {
    const [client, server] = memoryChannelPair('pre-image channel');
    client.writeAll(new Uint8Array(10).fill(2));
    client.close();
    await expect(new OracleServer(server).next(() => new Uint8Array(0))).rejects.toThrow(
      'channel closed mid-frame (got 10 of 32 bytes)',
    );
  });
});

describe('HintWriter / HintReader', () => {
  it('sends hints and waits for the ack; the reader acks even when routing fails', async () => {
    const [client, server] = memoryChannelPair('hint channel');
    const seen: string[] = [];
    const reader = new HintReader(server);
    // The writer blocks for the ack, so the test pre-stages the ack the reader will produce.
    const pending = reader.next((h) => {
      seen.push(h);
      throw new Error('router failed');
    });
    client.onData = undefined;
    const frame = new Uint8Array([0, 0, 0, 6, ...utf8ToBytes('a 0x01')]);
    client.writeAll(frame);
    await expect(pending).rejects.toThrow('router failed');
    expect(seen).toEqual(['a 0x01']);
    expect(client.readExact(1)).toEqual(Uint8Array.of(0));
  });

  it('HintWriter frames the hint and consumes the ack', () => {
    const [client, server] = memoryChannelPair('hint channel');
    const got: string[] = [];
    server.onData = () => {
      const len = new DataView(server.readExact(4).buffer).getUint32(0);
      got.push(Buffer.from(server.readExact(len)).toString());
      server.writeAll(Uint8Array.of(0));
    };
    const w = new HintWriter(client);
    w.hint('l1-block-header', Uint8Array.of(0xde, 0xad));
    expect(got).toEqual(['l1-block-header 0xdead']);
    expect(w.hints).toBe(1);
  });
});
