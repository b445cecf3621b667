/**
 * The pre-image protocol's wire formats (OP spec fault-proof "Pre-image Oracle"), each from the
 * side that reads what the other side wrote: the host's hint reader on a hostile hint stream
 * (`u32 length ++ hint`, then `parseHint`), the client's oracle reads on a hostile response
 * stream (`u64 length ++ value`, hash-keyed values verified), and the key types (type byte,
 * local index, keccak/sha-256 verification).
 */
import {
  type AsyncChannel,
  ChannelClosedError,
  FramingError,
  HintReader,
  isVerifiableKey,
  keccakKeyOf,
  keyTypeOf,
  localKey,
  localKeyIndex,
  memoryChannelPair,
  OracleClient,
  PreimageMismatchError,
  parseHint,
  sha256KeyOf,
  UnknownKeyTypeError,
  verifyPreimage,
} from '@faultline/preimage';
import { concatBytes, SizeError, utf8ToBytes } from '@faultline/primitives';
import { INTERESTING_32, type MutateContext, setField } from '../mutate.js';
import type { Rng } from '../rng.js';
import type { Target } from '../target.js';

/**
 * The host's end of a hint pipe whose writer wrote `data` and exited: reads are answered from
 * the buffer, a clean end before a record is `null`, a partial record is the closed-channel
 * error (as the fd and FIFO channels report them); acks are swallowed.
 */
class EndedStream implements AsyncChannel {
  private pos = 0;
  constructor(
    readonly name: string,
    private readonly data: Uint8Array,
  ) {}
  read(n: number): Uint8Array | null {
    const left = this.data.length - this.pos;
    if (left === 0) return null;
    if (left < n) throw new ChannelClosedError(this.name, left, n);
    this.pos += n;
    return this.data.subarray(this.pos - n, this.pos);
  }
  write(): void {}
  close(): void {}
}

const PREIMAGE_ERRORS = [FramingError, ChannelClosedError, PreimageMismatchError, UnknownKeyTypeError, SizeError];

function hintFrame(text: string): Uint8Array {
  const body = utf8ToBytes(text);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/** Length prefixes at the record boundaries of a framed stream (u32 hints, u64 pre-images). */
function mutateLengths(
  input: Uint8Array,
  rng: Rng,
  ctx: MutateContext,
  prefix: number,
  skip: number,
): Uint8Array | undefined {
  const out = input.slice();
  const offsets: number[] = [];
  for (let p = skip; p + prefix <= out.length && offsets.length < 64; ) {
    offsets.push(p);
    let len = 0;
    for (let i = 0; i < prefix; i++) len = len * 256 + out[p + i]!;
    p += prefix + len + skip;
  }
  if (offsets.length === 0) return undefined;
  const at = rng.pick(offsets);
  const v = rng.oneIn(3) ? 2 ** (8 * Math.min(prefix, 6)) - 1 : rng.pick(INTERESTING_32);
  if (prefix === 8) setField(out, at, 8, v);
  else setField(out, at, prefix, v);
  return out.length > ctx.maxLength ? out.subarray(0, ctx.maxLength) : out;
}

export const hintStreamTarget: Target = {
  name: 'hint-stream',
  about: 'HintReader over a hostile hint stream (u32 BE length ++ UTF-8) + parseHint of each hint (preimage)',
  maxLength: 16 << 10,
  errors: PREIMAGE_ERRORS,
  seeds: () => [
    concatBytes(hintFrame(`l1-block-header 0x${'ab'.repeat(32)}`), hintFrame(`l2-state-node 0x${'01'.repeat(32)}`)),
    hintFrame(`l1-blob 0x${'cd'.repeat(48)}`),
    hintFrame(`l1-precompile-v2 0x${'00'.repeat(19)}01${'00'.repeat(7)}0bb8${'11'.repeat(128)}`),
    concatBytes(hintFrame(''), hintFrame('l2-payload-witness {"parentBlockHash":"0x00","payloadAttributes":{}}')),
  ],
  dictionary: ['l1-block-header ', 'l2-code ', '0x', ' ', '\u00ff', '\ud800'].map((s) => utf8ToBytes(s)),
  mutate: (input, rng, ctx) => mutateLengths(input, rng, ctx, 4, 0),
  async run(input) {
    const reader = new HintReader(new EndedStream('hints', input));
    for (let i = 0; i < 1024; i++) {
      const more = await reader.next((text) => {
        parseHint(text);
      });
      if (!more) return;
    }
  },
  ciCases: 2000,
};

/** `key(32) ++ response stream`: the client asks for `key` until the stream runs out. */
export const oracleResponseTarget: Target = {
  name: 'preimage-stream',
  about: 'OracleClient.get over a hostile response stream (u64 BE length ++ value, keccak/sha-256 verified) (preimage)',
  maxLength: 64 << 10,
  errors: PREIMAGE_ERRORS,
  seeds() {
    const value = utf8ToBytes('hello world');
    const response = (v: Uint8Array) => {
      const out = new Uint8Array(8 + v.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(v.length));
      out.set(v, 8);
      return out;
    };
    return [
      concatBytes(keccakKeyOf(value), response(value), response(value)),
      concatBytes(sha256KeyOf(value), response(value)),
      concatBytes(localKey(1), response(new Uint8Array(32).fill(1))),
      concatBytes(localKey(4), response(new Uint8Array(0))),
    ];
  },
  mutate: (input, rng, ctx) => mutateLengths(input, rng, ctx, 8, 32),
  run(input) {
    const key = input.subarray(0, 32);
    const [client, server] = memoryChannelPair('pre-images');
    server.writeAll(input.subarray(32));
    const oracle = new OracleClient(client);
    for (let i = 0; i < 1024 && client.available > 0; i++) oracle.get(key);
  },
  ciCases: 2000,
};

/** `key ++ value`: type lookup, local index, and hash verification of the value against the key. */
export const keyTypeTarget: Target = {
  name: 'key-type',
  about: 'keyTypeOf, isVerifiableKey, localKeyIndex, verifyPreimage on a key ++ value (preimage)',
  maxLength: 4096,
  errors: PREIMAGE_ERRORS,
  seeds: () => {
    const v = utf8ToBytes('hello world');
    return [concatBytes(keccakKeyOf(v), v), concatBytes(sha256KeyOf(v), v), localKey(3), concatBytes(localKey(7), v)];
  },
  mutate(input, rng) {
    const out = input.slice();
    if (out.length > 0) out[0] = rng.int(9);
    return rng.oneIn(4) ? out.subarray(0, rng.int(out.length + 1)) : out;
  },
  run(input) {
    const key = input.subarray(0, 32);
    const type = keyTypeOf(key);
    if (type === 'local') localKeyIndex(key);
    isVerifiableKey(key);
    verifyPreimage(key, input.subarray(32));
  },
  ciCases: 2000,
};
