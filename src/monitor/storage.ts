/**
 * The host's own storage, checked every round: `logs_disk` when the file system of logs_dir has (almost) no room
 * left (service logs, pid files and the state database live there), `state_store` when the state database has been
 * refusing writes for a few seconds (teachops then runs from memory: src/store/pending.ts). Both say what is wrong
 * and clear by themselves: logs_disk once there is room again (with a margin, so a disk hovering at full does not
 * flap), state_store once everything held was written back (its resolution says how much, and what was not kept).
 * A moment of "busy" (another process's short transaction) is not worth an alert: the write-back a fraction of a
 * second later fixes it, hence the delay.
 */
import type { Config } from '../config/types.js';
import { formatBytes, formatDuration } from '../config/units.js';
import type { Translate } from '../i18n/index.js';
import type { Store } from '../store/index.js';
import type { FolderSpace } from '../util/disk-space.js';
import type { AlertBook } from './book.js';
import { alertKey } from './keys.js';

/** How long the database must refuse writes before `state_store` fires. */
export const STORE_ALERT_AFTER_MS = 3000;

/** "Full" for the logs file system: less than 1 % free, at least 64 KiB and at most 16 MiB. */
export function logsLowBytes(totalBytes: number): number {
  return Math.min(16 * 1024 * 1024, Math.max(64 * 1024, totalBytes / 100));
}

export interface StorageDeps {
  config: Config;
  store: Store;
  book: AlertBook;
  tr: Translate;
  /** the file system of logs_dir, now */
  space: (dir: string) => FolderSpace | undefined;
}

export class StorageRules {
  constructor(private readonly d: StorageDeps) {}

  check(): void {
    this.logsDisk();
    this.stateStore();
  }

  private logsDisk(): void {
    const { config, book, tr } = this.d;
    const s = this.d.space(config.logs_dir);
    if (!s) return;
    const low = logsLowBytes(s.totalBytes);
    const full = s.freeBytes < low || this.d.store.problem()?.cause === 'full';
    if (full) {
      const used = s.totalBytes > 0 ? Math.round(((s.totalBytes - s.freeBytes) / s.totalBytes) * 1000) / 10 : 100;
      const where = s.mount === config.logs_dir ? s.mount : `${s.mount} (${config.logs_dir})`;
      const detail = tr('alerts.detail_logs_disk', { free: formatBytes(s.freeBytes), total: formatBytes(s.totalBytes), where });
      book.raise({ kind: 'logs_disk', value: used, threshold: null, detail });
    } else if (s.freeBytes >= 2 * low) {
      book.resolve(alertKey.logsDisk(), 'space_freed', `${formatBytes(s.freeBytes)} free`);
    }
  }

  private stateStore(): void {
    const { store, book, tr } = this.d;
    const problem = store.problem();
    if (problem) {
      if (store.writes.heldForMs() >= STORE_ALERT_AFTER_MS) book.raise({ kind: 'state_store', value: null, threshold: null, detail: problem.why });
      return;
    }
    if (!book.active(alertKey.stateStore())) return;
    const w = store.writes.lastWriteBack();
    const dropped = Object.entries(w?.dropped ?? {}).map(([kind, n]) => tr(`store.dropped_${kind}` as 'store.dropped_audit', { n: n ?? 0 }));
    const note = w ? tr('alerts.note_written_back', { n: w.written, duration: formatDuration(w.heldMs), dropped: dropped.length ? tr('alerts.note_dropped', { list: dropped.join(', ') }) : '' }) : null;
    book.resolve(alertKey.stateStore(), 'store_writable', note);
  }
}
