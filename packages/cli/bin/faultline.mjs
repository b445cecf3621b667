#!/usr/bin/env -S node --stack-size=3900
// --stack-size: the EVM recurses per call frame; depth 1024 needs more than V8's default ~984 KiB
// (the 8 MiB main-thread stack leaves room for 3.9 MB).
//
// Runs dist/faultline.mjs, the bundle build.mjs makes from the TypeScript sources (at
// `npm install`, or here on first use and whenever a source changed since), so a start never
// compiles TypeScript; if the bundle cannot be built it falls back to tsx's loader over the
// sources (also forced by FAULTLINE_NO_BUNDLE=1).
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
// A reader that stops early (`faultline … | head`) closes the pipe: the rest of the output has
// nowhere to go, which is no failure of the command — its exit code (a verdict, say) stands.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e?.code !== 'EPIPE' && e?.code !== 'ERR_STREAM_DESTROYED') fail(e);
  });
}
if (process.env.FAULTLINE_DEBUG) process.setSourceMapsEnabled(true);

async function loadBundle() {
  if (process.env.FAULTLINE_NO_BUNDLE === '1') return false;
  const { BUNDLE, build, isFresh } = await import('../build.mjs');
  if (!isFresh()) {
    try {
      await build();
    } catch (e) {
      if (process.env.FAULTLINE_DEBUG) process.stderr.write(`faultline: bundle not built (${e?.message ?? e})\n`);
      return false;
    }
  }
  await import(BUNDLE);
  return true;
}

try {
  if (!(await loadBundle())) {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/main.ts');
  }
} catch (e) {
  fail(e);
}
