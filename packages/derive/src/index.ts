export * from './blob.js';
export * from './channel.js';
export * from './channel-bank.js';
export * from './config.js';
export * from './errors.js';
export * from './frame.js';
export * from './holocene-frames.js';
export * from './l1-retrieval.js';
export type * from './types.js';
