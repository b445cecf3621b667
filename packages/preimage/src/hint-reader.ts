/**
 * The server end of the hint channel (op-preimage `HintReader`): read `uint32 BE length ++
 * hint`, route it, and always answer the 0x00 ack — also when routing failed — so a bad hint
 * can never deadlock a client waiting for its ack. The routing error is then rethrown.
 */
import { bytesToUtf8 } from '@faultline/primitives';
import { ChannelClosedError } from './errors.js';
import { decodeHintLength, HINT_ACK_FRAME, HINT_LENGTH_SIZE } from './framing.js';
import type { AsyncChannel } from './sync-channel.js';

export type HintHandler = (hint: string) => void | Promise<void>;

export class HintReader {
  hints = 0;

  constructor(readonly channel: AsyncChannel) {}

  /** Reads and routes one hint; `false` when the client closed the channel cleanly. */
  async next(handle: HintHandler): Promise<boolean> {
    let prefix = this.channel.read(HINT_LENGTH_SIZE);
    if (prefix instanceof Promise) prefix = await prefix;
    if (prefix === null) return false;
    const length = decodeHintLength(prefix);
    let body: Uint8Array | null | Promise<Uint8Array | null> =
      length === 0 ? new Uint8Array(0) : this.channel.read(length);
    if (body instanceof Promise) body = await body;
    if (body === null) throw new ChannelClosedError(this.channel.name, HINT_LENGTH_SIZE, HINT_LENGTH_SIZE + length);
    let failure: unknown;
    try {
      await handle(bytesToUtf8(body));
    } catch (e) {
      failure = e;
    }
    const w = this.channel.write(HINT_ACK_FRAME);
    if (w instanceof Promise) await w;
    this.hints++;
    if (failure !== undefined) throw failure;
    return true;
  }
}
