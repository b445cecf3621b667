export * from './blob-part.js';
export * from './cannon-trace.js';
export * from './diverge.js';
export * from './onchain-mips.js';
export * from './onchain-step.js';
