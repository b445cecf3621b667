export * from './fixtures.js';
export * from './bytecode.js';
