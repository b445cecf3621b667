import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { FrameParseError } from './errors.js';
import { encodeBatcherData, encodeFrame, MAX_FRAME_DATA_LENGTH, parseFrames } from './frame.js';

const ID = hexToBytes('0x00112233445566778899aabbccddeeff');

describe('parseFrames', () => {
  it('parses a hand-assembled frame exactly as the spec lays it out', () => {
    // version 0 | id | number 0x0102 | length 3 | "abc" | is_last 1
    const data = hexToBytes(`0x00${'00112233445566778899aabbccddeeff'}0102${'00000003'}616263${'01'}`);
    const [f] = parseFrames(data);
    expect(f!.channelId).toEqual(ID);
    expect(f!.number).toBe(0x0102);
    expect(new TextDecoder().decode(f!.data)).toBe('abc');
    expect(f!.isLast).toBe(true);
  });

  it('parses several frames of different channels in one transaction', () => {
    const other = new Uint8Array(16).fill(7);
    const frames = [
      { channelId: ID, number: 3, data: new Uint8Array([1, 2]), isLast: true },
      { channelId: other, number: 0, data: new Uint8Array(0), isLast: false },
    ];
    expect(parseFrames(encodeBatcherData(frames))).toEqual(frames);
  });

  it('round-trips encodeFrame', () => {
    const f = { channelId: ID, number: 65535, data: new Uint8Array(300).fill(9), isLast: false };
    const data = new Uint8Array([0, ...encodeFrame(f)]);
    expect(parseFrames(data)).toEqual([f]);
  });

  const good = encodeBatcherData([{ channelId: ID, number: 0, data: new Uint8Array([5]), isLast: false }]);
  const bad: [string, Uint8Array][] = [
    ['empty data', new Uint8Array(0)],
    ['unknown version', new Uint8Array([1, ...good.subarray(1)])],
    ['version byte only', new Uint8Array([0])],
    ['truncated header', good.subarray(0, 10)],
    ['truncated data', good.subarray(0, good.length - 2)],
    ['missing is_last', good.subarray(0, good.length - 1)],
    ['is_last = 2', new Uint8Array([...good.subarray(0, good.length - 1), 2])],
  ];
  for (const [name, data] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => parseFrames(data)).toThrow(FrameParseError);
    });
  }

  it('rejects the whole transaction when a later frame is malformed', () => {
    const two = encodeBatcherData([
      { channelId: ID, number: 0, data: new Uint8Array([1]), isLast: false },
      { channelId: ID, number: 1, data: new Uint8Array([2]), isLast: true },
    ]);
    two[two.length - 1] = 3;
    expect(() => parseFrames(two)).toThrow(/is_last must be 0 or 1, got 3/);
  });

  it('rejects frame_data_length above 1,000,000 even before reading the data', () => {
    const header = new Uint8Array(1 + 16 + 2 + 4);
    const n = MAX_FRAME_DATA_LENGTH + 1;
    header.set([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff], 19);
    expect(() => parseFrames(header)).toThrow(/exceeds 1000000/);
  });

  it('accepts frame_data_length of exactly 1,000,000', () => {
    const f = { channelId: ID, number: 0, data: new Uint8Array(MAX_FRAME_DATA_LENGTH), isLast: true };
    expect(parseFrames(encodeBatcherData([f]))[0]!.data.length).toBe(MAX_FRAME_DATA_LENGTH);
  });

  it('errors are temporary', () => {
    try {
      parseFrames(new Uint8Array(0));
    } catch (e) {
      expect((e as FrameParseError).severity).toBe('temporary');
    }
  });
});
