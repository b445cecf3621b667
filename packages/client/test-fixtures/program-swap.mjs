// Test-only: `node --import tsx --import <this> …/client/src/main.ts` makes main.ts load
// failing-program.ts (or, for FAULTLINE_TEST_FAILURE=missing, a file that does not exist) in
// place of its `./program.js` (and unused-deriver.ts in place of `./op-deriver.js`), so the real
// entry can be shown to exit 2 on every kind of failure. Registered after tsx, so this resolve
// hook runs first.
import { register } from 'node:module';

register('./program-swap-hooks.mjs', import.meta.url);
