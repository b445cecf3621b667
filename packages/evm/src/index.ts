export * from './fork.js';
export type * from './state-interface.js';
