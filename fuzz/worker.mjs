// Worker bootstrap: Node 20 workers do not take `--import tsx` in execArgv, so register tsx's
// loader here and then load the TypeScript worker (as host's in-process worker does).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
