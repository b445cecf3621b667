/**
 * Client exit codes (op-program `client/program.go`; Cannon maps them to the VM status byte):
 * 0 the claim is valid, 1 the claim is invalid, 2 the client failed. The host passes them
 * through and says what they mean; its own failures exit with HOST_FAILURE.
 */
export const CLIENT_EXIT = {
  0: 'claim valid',
  1: 'claim invalid',
  2: 'client failed',
} as const;

/** The host's own failures (bad flags, dead channels, missing pre-images). */
export const HOST_FAILURE = 2;

export interface HostOutcome {
  exitCode: number;
  /** One line for stderr. */
  reason: string;
}

export function explainClientExit(code: number | null, signal: string | null): HostOutcome {
  if (signal !== null) return { exitCode: HOST_FAILURE, reason: `client was killed by ${signal}` };
  const meaning = CLIENT_EXIT[code as keyof typeof CLIENT_EXIT];
  if (meaning !== undefined) return { exitCode: code!, reason: `client exited with ${code}: ${meaning}` };
  return { exitCode: HOST_FAILURE, reason: `client exited with unexpected code ${code} (expected 0, 1 or 2)` };
}
