import { describe, expect, it } from 'vitest';
import { BIN, NODE_ARGS, resolveSelf, SELF, selfCommand, shellQuote } from './self.js';

describe('resolving faultline to this bin (issue 20 item 1)', () => {
  it('replaces a leading faultline or npx faultline, keeps anything else', () => {
    expect(SELF).toEqual([process.execPath, ...NODE_ARGS, BIN]);
    expect(resolveSelf(['faultline', 'client'])).toEqual([...SELF, 'client']);
    expect(resolveSelf(['npx', 'faultline', 'host', '--server'])).toEqual([...SELF, 'host', '--server']);
    expect(resolveSelf(['npx', '--no-install', 'faultline', 'client'])).toEqual([...SELF, 'client']);
    expect(resolveSelf(['/usr/local/bin/op-program', '--server'])).toEqual(['/usr/local/bin/op-program', '--server']);
    expect(resolveSelf(['npx', 'other-tool'])).toEqual(['npx', 'other-tool']);
  });

  it('prints how to start it: faultline only when the PATH has this bin', () => {
    expect(selfCommand({ PATH: '/usr/bin:/bin' })).toBe('npx faultline');
    expect(shellQuote(['host', '--exec', 'faultline client', "it's"])).toBe(
      `host --exec 'faultline client' 'it'\\''s'`,
    );
  });
});
