#!/usr/bin/env -S node --stack-size=3900
// --stack-size: the EVM recurses per call frame; depth 1024 needs more than V8's default ~984 KiB
// (the 8 MiB main-thread stack leaves room for 3.9 MB).
// Runs the TypeScript sources directly through tsx's loader, so `npx faultline` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
