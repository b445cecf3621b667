/**
 * The chain generator, a separate entry (`@faultline/testkit/chain`): it pulls in derive,
 * executor, the EVM and the host, which the light fixture helpers of `@faultline/testkit` must
 * not make every test load.
 */

export * from './datadir.js';
export * from './generate.js';
export * from './genesis.js';
export * from './keys.js';
export * from './l1-chain.js';
export * from './l2-builder.js';
export * from './predeploy-code.js';
