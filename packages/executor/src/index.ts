export * from './base-fee.js';
export * from './fastlz.js';
export * from './holocene-params.js';
export * from './l1-block-info.js';
export * from './l1-fee.js';
export * from './operator-fee.js';
