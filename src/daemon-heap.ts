/**
 * The daemon's heap policy, set before anything else of it is evaluated (src/main.ts imports this first), so it
 * applies however the daemon starts: `teach run`, `npm start`, the systemd unit (node flags on a command line
 * would miss `teach run`, which runs from the `teach` bin).
 *
 * V8 doubles the young generation (up to 2 x 16 MB here) whenever objects are allocated quickly, and never gives it
 * back: a daemon sampling 30 services every second kept 32 MB of it for good (issue 14's measurement), for
 * allocations that die within a tick. Growth factor 1 keeps it at its initial 2 MB; collections of the young
 * generation get more frequent, each as cheap as before (they copy only what survives).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
