export * from './authorization.js';
export * from './errors.js';
export * from './intrinsic-gas.js';
export * from './signature.js';
export * from './transaction.js';
export * from './tx-fields.js';
export * from './tx-types.js';
export * from './tx-validation.js';
