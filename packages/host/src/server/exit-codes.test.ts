/**
 * The verdict rule: only a 0 or 1 from a client that read its boot values is passed through;
 * signals (an OOM abort is SIGABRT), unknown codes (134 from a shell wrapping that abort) and
 * unbacked 0/1 are failures.
 */
import { describe, expect, it } from 'vitest';
import { explainClientExit } from './exit-codes.js';

describe('explainClientExit', () => {
  it('passes 0 and 1 through when the client ran, and 2 always', () => {
    expect(explainClientExit(0, null)).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    expect(explainClientExit(1, null)).toEqual({ exitCode: 1, reason: 'client exited with 1: claim invalid' });
    expect(explainClientExit(2, null, 'never read its boot values (local keys 1-4)')).toEqual({
      exitCode: 2,
      reason: 'client exited with 2: client failed',
    });
  });

  it('turns an unbacked 0 or 1 into 2 with the reason', () => {
    for (const code of [0, 1]) {
      const outcome = explainClientExit(code, null, 'never read its boot values (local keys 1-4)');
      expect(outcome.exitCode).toBe(2);
      expect(outcome.reason).toMatch(
        /but never read its boot values \(local keys 1-4\), so it did not check the claim/,
      );
    }
  });

  it('maps signals and any other code to 2, never to 1', () => {
    expect(explainClientExit(null, 'SIGABRT')).toEqual({ exitCode: 2, reason: 'client was killed by SIGABRT' });
    for (const code of [3, 101, 134, 137, 255]) expect(explainClientExit(code, null).exitCode).toBe(2);
  });
});
