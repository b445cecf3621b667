/**
 * Channel frames inside batcher-transaction data (derivation.md "Batcher Transaction Format",
 * "Frame Format"): `version_byte(0) ++ frame*`, each frame
 * `channel_id(16) ++ frame_number(u16 BE) ++ frame_data_length(u32 BE) ++ frame_data ++ is_last(u8)`.
 * Parsing is all-or-nothing per transaction: one malformed frame rejects every frame in it.
 */
import { FrameParseError } from './errors.js';

export const DERIVATION_VERSION_0 = 0;
export const CHANNEL_ID_LENGTH = 16;
/** `channel_id ++ frame_number ++ frame_data_length ++ is_last`. */
export const FRAME_OVERHEAD = CHANNEL_ID_LENGTH + 2 + 4 + 1;
/** frame_data_length is capped to 1,000,000 bytes (derivation.md "Frame Format"). */
export const MAX_FRAME_DATA_LENGTH = 1_000_000;

export interface Frame {
  readonly channelId: Uint8Array;
  readonly number: number;
  readonly data: Uint8Array;
  readonly isLast: boolean;
}

/** Map key for a channel id. */
export function channelKey(id: Uint8Array): string {
  let s = '';
  for (const b of id) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Parses one frame at `offset`; returns it and the offset after it. */
export function parseFrame(data: Uint8Array, offset: number): [Frame, number] {
  if (offset + CHANNEL_ID_LENGTH + 6 > data.length) {
    throw new FrameParseError(`frame header at offset ${offset} runs past the data (${data.length} bytes)`);
  }
  const channelId = data.slice(offset, offset + CHANNEL_ID_LENGTH);
  let p = offset + CHANNEL_ID_LENGTH;
  const number = (data[p]! << 8) | data[p + 1]!;
  p += 2;
  const length = ((data[p]! << 24) >>> 0) + ((data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!);
  p += 4;
  if (length > MAX_FRAME_DATA_LENGTH) {
    throw new FrameParseError(`frame_data_length ${length} exceeds ${MAX_FRAME_DATA_LENGTH}`);
  }
  if (p + length + 1 > data.length) {
    throw new FrameParseError(`frame data of ${length} bytes at offset ${p} runs past the data (${data.length} bytes)`);
  }
  const frameData = data.slice(p, p + length);
  p += length;
  const last = data[p]!;
  if (last > 1) throw new FrameParseError(`is_last must be 0 or 1, got ${last}`);
  return [{ channelId, number, data: frameData, isLast: last === 1 }, p + 1];
}

/** All frames of one batcher transaction's data; any fault rejects the whole transaction. */
export function parseFrames(data: Uint8Array): Frame[] {
  if (data.length === 0) throw new FrameParseError('batcher data is empty');
  if (data[0] !== DERIVATION_VERSION_0) throw new FrameParseError(`unknown derivation version ${data[0]}`);
  const frames: Frame[] = [];
  let p = 1;
  while (p < data.length) [frames[frames.length], p] = parseFrame(data, p);
  if (frames.length === 0) throw new FrameParseError('batcher data holds no frames');
  return frames;
}

export function encodeFrame(frame: Frame): Uint8Array {
  if (frame.channelId.length !== CHANNEL_ID_LENGTH) {
    throw new FrameParseError(`channel id: expected ${CHANNEL_ID_LENGTH} bytes, got ${frame.channelId.length}`);
  }
  const out = new Uint8Array(FRAME_OVERHEAD + frame.data.length);
  out.set(frame.channelId, 0);
  let p = CHANNEL_ID_LENGTH;
  out[p++] = frame.number >>> 8;
  out[p++] = frame.number & 0xff;
  const n = frame.data.length;
  out[p++] = n >>> 24;
  out[p++] = (n >>> 16) & 0xff;
  out[p++] = (n >>> 8) & 0xff;
  out[p++] = n & 0xff;
  out.set(frame.data, p);
  out[p + n] = frame.isLast ? 1 : 0;
  return out;
}

/** `version_byte ++ frames`, as a batcher posts them. */
export function encodeBatcherData(frames: readonly Frame[]): Uint8Array {
  const parts = frames.map(encodeFrame);
  const out = new Uint8Array(1 + parts.reduce((n, f) => n + f.length, 0));
  out[0] = DERIVATION_VERSION_0;
  let p = 1;
  for (const f of parts) {
    out.set(f, p);
    p += f.length;
  }
  return out;
}
