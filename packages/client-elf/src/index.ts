export * from './build-elf.js';
export { PACKAGE_DIR } from './bundle.js';
export * from './inputs.js';
export { BuildError } from './step.js';
