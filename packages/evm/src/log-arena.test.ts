/**
 * Logs in the arena keep their bytes when later logs grow it past its buffer, and their
 * topics/data views are exactly the bytes written.
 */
import { describe, expect, it } from 'vitest';
import { ArenaLog, LogArena } from './log-arena.js';

describe('LogArena', () => {
  it('keeps every log intact across growth', () => {
    const arena = new LogArena();
    const logs: { log: ArenaLog; topics: number; len: number; fill: number }[] = [];
    for (let k = 0; k < 300; k++) {
      const topics = k % 5;
      const len = (k * 37) % 700;
      const buf = arena.reserve(32 * topics + len);
      const at = arena.offset;
      buf.fill(k & 0xff, at, at + 32 * topics + len);
      logs.push({
        log: new ArenaLog('0x00000000000000000000000000000000000000aa', buf, at, topics, len),
        topics,
        len,
        fill: k & 0xff,
      });
    }
    for (const { log, topics, len, fill } of logs) {
      expect(log.topics).toHaveLength(topics);
      for (const t of log.topics) expect(t).toEqual(new Uint8Array(32).fill(fill));
      expect(log.data).toEqual(new Uint8Array(len).fill(fill));
      expect(log.topics).toBe(log.topics); // made once
      expect(JSON.parse(JSON.stringify(log)).address).toBe(log.address);
    }
  });
});
