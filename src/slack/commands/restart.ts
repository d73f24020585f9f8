/** `/teach restart <svc|all>` (see lifecycle.ts). */
import { lifecycleCommand } from './lifecycle.js';

export const restart = lifecycleCommand('restart');
