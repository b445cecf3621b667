// Types of build.mjs for its TypeScript importers (bench/bundle.ts).
import type { BuildOptions } from 'esbuild';

export const DIST: string;
export const BUNDLE: string;
export const MANIFEST: string;
export const BUNDLE_OPTIONS: BuildOptions;
export function isFresh(): boolean;
export function build(): Promise<void>;
