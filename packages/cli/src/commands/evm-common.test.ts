import { describe, expect, it } from 'vitest';
import { CHILD_NODE_FLAGS, hasEvmStack } from './evm-common.js';

describe('hasEvmStack: whether EVM work can run in this process or needs the larger-stack child', () => {
  it('is true for the flags the bin’s shebang and bin/evm pass, and for a larger stack', () => {
    expect(hasEvmStack([...CHILD_NODE_FLAGS])).toBe(true);
    expect(hasEvmStack(['--stack_size=8000'])).toBe(true);
    expect(hasEvmStack(['--stack-size=100', '--stack-size=3900'])).toBe(true);
  });

  it('is false for plain `node` and for a smaller stack (the last flag counts, as in V8)', () => {
    expect(hasEvmStack([])).toBe(false);
    expect(hasEvmStack(['--stack-size=984'])).toBe(false);
    expect(hasEvmStack(['--stack-size=3900', '--stack-size=500'])).toBe(false);
    expect(hasEvmStack(['--max-old-space-size=3900'])).toBe(false);
  });
});
