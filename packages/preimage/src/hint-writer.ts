/**
 * The client end of the hint channel (op-preimage `HintWriter`): one write of
 * `uint32 BE length ++ hint`, then block for the 1-byte ack. The spec requires the client to
 * wait for the ack before requesting the pre-image the hint is about, because op-program's
 * host only remembers the last hint.
 */
import { checkHintAck, encodeHintFrame, HINT_ACK_SIZE } from './framing.js';
import { formatHint } from './hint.js';
import type { SyncChannel } from './sync-channel.js';

export class HintWriter {
  hints = 0;

  constructor(private readonly channel: SyncChannel) {}

  /** Sends `"<type> 0x<hex data>"` and waits for the ack. */
  hint(type: string, data: Uint8Array): void {
    this.hintRaw(formatHint(type, data));
  }

  /** Sends a pre-formatted hint string (e.g. the JSON form of `l2-payload-witness`). */
  hintRaw(text: string): void {
    this.channel.writeAll(encodeHintFrame(text));
    checkHintAck(this.channel.readExact(HINT_ACK_SIZE));
    this.hints++;
  }
}
