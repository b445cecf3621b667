export * from './bytecode.js';
export * from './fixtures.js';
