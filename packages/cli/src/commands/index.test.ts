import { describe, expect, it } from 'vitest';
import { commands } from './index.js';

describe('the sub-command table', () => {
  it('shows each loaded command’s own name and summary (help cannot drift from what runs)', async () => {
    for (const entry of commands) {
      expect(entry.load, entry.name).toBeTypeOf('function');
      const loaded = await entry.load!();
      expect(loaded.name).toBe(entry.name);
      expect(loaded.summary).toBe(entry.summary);
      expect(loaded.load).toBeUndefined();
    }
  });
});
