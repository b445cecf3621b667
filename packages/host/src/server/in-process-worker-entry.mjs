// Worker bootstrap for in-process mode: Node 20 workers do not take `--import tsx` in
// execArgv, so register tsx's loader here and then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./in-process-worker.ts');
