import { describe, expect, it } from 'vitest';
import { lazyRecord } from './lazy.js';

describe('lazyRecord', () => {
  it('makes each value on first read, once, and enumerates like a plain object', () => {
    const made: string[] = [];
    const r = lazyRecord({
      a: () => {
        made.push('a');
        return 1;
      },
      b: () => {
        made.push('b');
        return [2];
      },
    });
    expect(made).toEqual([]);
    expect(r.b).toEqual([2]);
    expect(r.b).toBe(r.b);
    expect(made).toEqual(['b']);
    expect(Object.keys(r)).toEqual(['a', 'b']);
    expect(Object.values(r)).toEqual([1, [2]]);
    expect(made).toEqual(['b', 'a']);
  });
});
