/**
 * Which JavaScript engine runs us, for the few optimisations that only pay off in one: the
 * EVM's interpreter priming and its block compiler (`new Function`) are written for V8's tiers;
 * in QuickJS (the client inside the MIPS VM) they would only cost steps.
 */

declare const process: { versions?: { v8?: string } } | undefined;

/** True under V8 (Node); false in QuickJS or any engine that does not say it is V8. */
export const ON_V8: boolean = typeof process !== 'undefined' && typeof process.versions?.v8 === 'string';
