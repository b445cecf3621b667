export * from './bytecode.js';
export * from './chain/index.js';
export * from './fixtures.js';
