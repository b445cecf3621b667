// Resolve hook of program-swap.mjs: main.ts's `./program.js` → failing-program.ts.
const MAIN = /\/packages\/client\/src\/main\.ts$/;

export async function resolve(specifier, context, next) {
  if ((specifier === './program.js' || specifier === './program.ts') && MAIN.test(context.parentURL ?? '')) {
    const missing = process.env.FAULTLINE_TEST_FAILURE === 'missing';
    const url = missing
      ? new URL('./no-such-program.ts', import.meta.url).href
      : new URL('./failing-program.ts', import.meta.url).href;
    return { url, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
