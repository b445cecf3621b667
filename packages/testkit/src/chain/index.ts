export * from './generate.js';
export * from './genesis.js';
export * from './keys.js';
export * from './l1-chain.js';
export * from './l2-builder.js';
export * from './predeploy-code.js';
