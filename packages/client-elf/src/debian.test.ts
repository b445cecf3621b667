import { describe, expect, it } from 'vitest';
import { haveCommand } from '../spec/support.js';
import { binaryProblems } from './debian.js';

describe.skipIf(!haveCommand('dpkg-query'))('binaryProblems', () => {
  it('names a package that is not installed and one installed at another version', () => {
    const r = binaryProblems({ 'faultline-no-such-package': '1.0', dpkg: '0.0-not-this-version' });
    expect(r.missing).toEqual(['faultline-no-such-package']);
    expect(r.wrong).toHaveLength(1);
    expect(r.wrong[0]).toMatch(/^dpkg \S+ \(the build is pinned to 0\.0-not-this-version\)$/);
  });
});
