export * from './address.js';
export * from './bytes.js';
export * from './errors.js';
export * from './hash.js';
export * from './ints.js';
export * from './rlp.js';
export * from './wasm-asm.js';
