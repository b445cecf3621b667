export * from './abi.js';
export * from './artifact.js';
export * from './deploy-plan.js';
export * from './game-types.js';
