#!/usr/bin/env node
/**
 * The installed `teach` (package.json `bin`, built into dist/cli/teach.js by scripts/bundle.ts). A plain
 * `teach status [service] [--json]` takes the fast path (no commander, one bundled file) when the validated config
 * is cached; everything else, and a status whose config is not cached yet, goes to the full CLI (src/cli.ts).
 */
import { fastStatusArgs } from './cli/fast-args.js';

const fast = fastStatusArgs(process.argv.slice(2));
if (!fast || !(await import('./cli/status-fast.js')).runFastStatus(fast)) await import('./cli.js');
