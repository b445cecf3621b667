export * from './blob-part.js';
export * from './onchain-mips.js';
export * from './onchain-step.js';
