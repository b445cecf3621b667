/**
 * The one way the client reads pre-images: send the hint that lets the host fetch the data,
 * wait for its ack, then `get` the key (op-program `client/{l1,l2}/oracle.go`; the spec requires
 * the ack before the request because op-program's host only remembers the last hint). The two
 * ends are structural interfaces so the preimage package's `OracleClient` / `HintWriter` and
 * test doubles both fit.
 */

/** The pre-image read end (`OracleClient`). */
export interface PreimageOracle {
  get(key: Uint8Array): Uint8Array;
}

/** The hint write end (`HintWriter`); returns after the host's ack. */
export interface HintSink {
  hint(type: string, data: Uint8Array): void;
}

export class HintedOracle {
  constructor(
    readonly oracle: PreimageOracle,
    readonly hints: HintSink,
  ) {}

  /** Hint, then get. */
  fetch(hintType: string, hintData: Uint8Array, key: Uint8Array): Uint8Array {
    this.hints.hint(hintType, hintData);
    return this.oracle.get(key);
  }

  /** A get with no hint: for keys whose data the previous hint already made available. */
  get(key: Uint8Array): Uint8Array {
    return this.oracle.get(key);
  }
}
