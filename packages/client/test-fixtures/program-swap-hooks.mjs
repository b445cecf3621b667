// Resolve hook of program-swap.mjs: main.ts's `./program.js` → failing-program.ts, and its
// `./op-deriver.js` → unused-deriver.ts (the swapped-in program never derives).
const MAIN = /\/packages\/client\/src\/main\.ts$/;

export async function resolve(specifier, context, next) {
  if (!MAIN.test(context.parentURL ?? '')) return next(specifier, context);
  if (specifier === './program.js' || specifier === './program.ts') {
    const missing = process.env.FAULTLINE_TEST_FAILURE === 'missing';
    const url = missing
      ? new URL('./no-such-program.ts', import.meta.url).href
      : new URL('./failing-program.ts', import.meta.url).href;
    return { url, format: 'module', shortCircuit: true };
  }
  if (specifier === './op-deriver.js' || specifier === './op-deriver.ts') {
    return { url: new URL('./unused-deriver.ts', import.meta.url).href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
