/** Small helpers for the program specs (kept apart so the spec reads as the story). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { bytesToHex } from '@faultline/primitives';
export const repoRootHint = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
