import { describe, expect, it } from 'vitest';
import { checkBenchArgs } from './args.js';
import { EVM_BENCH_FLAGS, parseEvmBenchArgs } from './evm-options.js';

const spec = { usage: 'npm run bench:evm --', about: '', flags: EVM_BENCH_FLAGS };

describe('bench:evm flags (issue 19 target 3)', () => {
  it('runs both peers by default; --no-anvil, --no-ethereumjs and --no-peer turn them off', () => {
    const peers = (...a: string[]) => {
      const o = parseEvmBenchArgs(a);
      return [o.ethereumjs, o.anvil];
    };
    expect(peers()).toEqual([true, true]);
    expect(peers('--no-anvil')).toEqual([true, false]);
    expect(peers('--no-ethereumjs')).toEqual([false, true]);
    expect(peers('--no-peer')).toEqual([false, false]);
    expect(checkBenchArgs(spec, ['--no-anvil', '--json'])).toBeUndefined();
  });

  it('reads values in both spellings and refuses bad ones in one line', () => {
    expect(parseEvmBenchArgs(['--repeat', '5']).repeat).toBe(5);
    expect(parseEvmBenchArgs(['--repeat=7', '--filter=snail']).repeat).toBe(7);
    expect(parseEvmBenchArgs(['--filter=a=b']).filter?.source).toBe('a=b');
    expect(parseEvmBenchArgs(['--compile-threshold', 'never']).compileThreshold).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseEvmBenchArgs(['--repeat', '0'])).toThrow('--repeat: expected a positive integer');
    expect(() => parseEvmBenchArgs(['--filter', '('])).toThrow('--filter: not a regular expression: (');
    expect(() => parseEvmBenchArgs(['--no-geth'])).toThrow('unknown option --no-geth');
  });
});
