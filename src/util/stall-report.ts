/**
 * A debug-only measurement of the daemon's event-loop stalls, for `npm run bench -- flood`: with
 * TEACHOPS_DEBUG_STALLS=<file> set, `teach run` samples its event-loop delay (perf_hooks.monitorEventLoopDelay,
 * 10 ms resolution) and rewrites <file> every second with the longest stall and the p99 since start, as JSON.
 * A stall of the loop is what makes a Slack ack late; measuring it inside the daemon sees it whatever caused it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSafe } from './safe-fs.js';

export interface StallFigures {
  /** longest delay of a 10 ms timer, in ms: the longest stall */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** timer samples taken */
  samples: number;
  /** ms since the report started */
  sinceMs: number;
}

export function startStallReport(file: string, everyMs = 1000): () => void {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const started = performance.now();
  const write = () => {
    const figures: StallFigures = { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, samples: h.count, sinceMs: performance.now() - started };
    try {
      writeFileSafe(file, JSON.stringify(figures) + '\n', 0o600);
    } catch {
      // a debug aid: a failed write must not disturb the daemon
    }
  };
  const timer = setInterval(write, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    write();
    h.disable();
  };
}
