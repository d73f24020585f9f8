/** `/teach stop <svc|all>` (see lifecycle.ts). */
import { lifecycleCommand } from './lifecycle.js';

export const stop = lifecycleCommand('stop');
