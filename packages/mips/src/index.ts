export * from './constants.js';
export * from './errors.js';
export * from './memory.js';
export * from './merkle.js';
export * from './oracle.js';
export * from './state.js';
export * from './vm.js';
