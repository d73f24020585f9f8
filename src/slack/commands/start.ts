/** `/teach start <svc|all>` (see lifecycle.ts). */
import { lifecycleCommand } from './lifecycle.js';

export const start = lifecycleCommand('start');
