/**
 * What the rotation scheduler tells the daemon's log, without flooding it when a service floods its own: the first
 * rotation of a file in a minute is one line; further ones in that minute are counted and summed up in one line when
 * the minute is over. A problem (a symlinked log, a full disk) is one line per file and cause, repeated every
 * 10 minutes while it lasts, not once a second.
 */
import { formatBytes, formatDuration } from '../config/units.js';
import type { Translate } from '../i18n/index.js';
import type { RotateResult } from './rotate.js';

const BURST_MS = 60_000;
const REPEAT_PROBLEM_MS = 10 * 60_000;

interface Burst {
  since: number;
  count: number;
  bytes: number;
  dropped: number;
}

export interface RotationReport {
  rotated(r: RotateResult): void;
  /** `key` names the file and the kind of problem: the same key is logged again only after 10 minutes */
  problem(key: string, line: string): void;
  /** writes the summaries of bursts whose minute is over */
  flush(): void;
}

export function createRotationReport(o: { log: (line: string) => void; tr: Translate; now: () => number; keep: number }): RotationReport {
  const bursts = new Map<string, Burst>();
  const problems = new Map<string, number>();

  const summarize = (file: string, b: Burst) => {
    if (b.count > 0) o.log(o.tr('daemon.log_rotated_burst', { file, count: b.count, window: `${Math.round((o.now() - b.since) / 1000)}s`, size: formatBytes(b.bytes) }));
    if (b.dropped > 0) o.log(o.tr('daemon.log_dropped_uncompressed', { file, count: b.dropped, keep: o.keep }));
  };

  return {
    rotated(r) {
      // solved: the next problem with this file is news again
      for (const key of [...problems.keys()]) if (key.startsWith(`${r.file}|rotate`)) problems.delete(key);
      if (r.uncopied) o.log(o.tr('daemon.log_rotation_uncopied', { file: r.file, size: formatBytes(r.uncopied) }));
      if (r.lost) o.log(o.tr('daemon.log_rotation_lost', { file: r.file, size: formatBytes(r.lost.bytes), generation: r.archive ?? '', message: r.lost.error.message }));
      const dropped = r.droppedPlain?.length ?? 0;
      const b = bursts.get(r.file);
      if (b) {
        b.count++;
        b.bytes += r.bytes;
        b.dropped += dropped;
        return;
      }
      bursts.set(r.file, { since: o.now(), count: 0, bytes: 0, dropped });
      o.log(o.tr('daemon.log_rotated_detail', { file: r.file, size: formatBytes(r.bytes), generation: r.archive ?? '', duration: formatDuration(Math.round(r.copyMs ?? 0)) }));
    },
    problem(key, line) {
      const last = problems.get(key);
      if (last !== undefined && o.now() - last < REPEAT_PROBLEM_MS) return;
      problems.set(key, o.now());
      o.log(line);
    },
    flush() {
      for (const [k, at] of problems) if (o.now() - at >= REPEAT_PROBLEM_MS) problems.delete(k);
      for (const [file, b] of bursts) {
        if (o.now() - b.since < BURST_MS) continue;
        summarize(file, b);
        bursts.delete(file);
      }
    },
  };
}
