/**
 * Client exit codes (op-program `client/program.go`; Cannon maps them to the VM status byte):
 * 0 the claim is valid, 1 the claim is invalid, 2 the client failed. The host says what they
 * mean, but passes a 0 or 1 through only when the client demonstrably ran (it read its boot
 * values); a signal, any other code, or a 0/1 from a client that never ran is a failure, exit
 * HOST_FAILURE — a verdict must never come from a process that did not check the claim.
 */
export const CLIENT_EXIT = {
  0: 'claim valid',
  1: 'claim invalid',
  2: 'client failed',
} as const;

/** The host's own failures (bad flags, dead channels, missing pre-images) and unbacked verdicts. */
export const HOST_FAILURE = 2;

export interface HostOutcome {
  exitCode: number;
  /** One line for stderr. */
  reason: string;
}

/**
 * `unbacked` is the host's reason why a 0/1 would not be a verdict (`PreimageHost.unbackedVerdict`),
 * undefined when the client's oracle traffic backs one.
 */
export function explainClientExit(code: number | null, signal: string | null, unbacked?: string): HostOutcome {
  if (signal !== null) return { exitCode: HOST_FAILURE, reason: `client was killed by ${signal}` };
  const meaning = CLIENT_EXIT[code as keyof typeof CLIENT_EXIT];
  if (meaning === undefined)
    return { exitCode: HOST_FAILURE, reason: `client exited with unexpected code ${code} (expected 0, 1 or 2)` };
  if (code !== HOST_FAILURE && unbacked !== undefined)
    return {
      exitCode: HOST_FAILURE,
      reason: `client exited with ${code} (${meaning}) but ${unbacked}, so it did not check the claim: no verdict`,
    };
  return { exitCode: code!, reason: `client exited with ${code}: ${meaning}` };
}
