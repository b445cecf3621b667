#!/usr/bin/env -S node --stack-size=3900
// --stack-size: the EVM recurses per call frame; depth 1024 needs more than V8's default ~984 KiB
// (the 8 MiB main-thread stack leaves room for 3.9 MB).
// Runs the TypeScript sources directly through tsx's loader, so `npx faultline` works right
// after `npm ci` with no build step.
//
// Every failure exits 2 with one line: Node's default for an uncaught error or a module that
// does not load is exit 1, which `faultline client` would report as "claim invalid" and
// `cannon verify-step` as an invalid proof. FAULTLINE_DEBUG=1 prints the stack too.
const fail = (e) => {
  const text = e?.shortMessage ?? e?.message ?? String(e);
  process.stderr.write(`error: ${String(text).split('\n')[0]}\n`);
  if (process.env.FAULTLINE_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
} catch (e) {
  fail(e);
}
