/**
 * The write-back part of `teach run`, started first and stopped last: while the state database refuses writes
 * (src/store/pending.ts holds them) it tries to write them back, soon at first, then backing off to every 2 s;
 * a full disk costs a statfs per try, not a transaction thrown away. It also writes the pid files and service-log
 * lines the full logs disk refused (src/supervisor/held-files.ts). It says once that the daemon runs from memory,
 * and once that everything was written back (with what was not kept); the alerts (`state_store`, `logs_disk`) are
 * the monitor's. On shutdown it tries one last time and says what is lost if the database still refuses.
 */
import { assertNever } from '../errors.js';
import { translator } from '../i18n/index.js';
import { hasRoom } from '../store/diagnose.js';
import { heldFiles } from '../supervisor/held-files.js';
import { writePidFile } from '../supervisor/pidfile.js';
import { Backoff } from '../util/backoff.js';
import { formatDuration } from '../config/units.js';
import { appendNoFollow, MODES } from '../util/safe-fs.js';
import type { PartFactory } from './run.js';

const TICK_MS = 250;
const RETRY = { initialMs: 100, maxMs: 2000 };
const FILES_EVERY_MS = 1000;

export const storePart: PartFactory = async (ctx) => {
  const { log } = ctx;
  const store = ctx.ops.store;
  const tr = translator(ctx.config.locale);
  const backoff = new Backoff(RETRY);
  let nextTry = 0;
  let nextFiles = 0;
  const now = () => Date.now();

  const writeBack = (): void => {
    if (!store.db.open || !store.writes.holding || now() < nextTry) return;
    const problem = store.problem();
    const outcome = problem?.cause === 'full' && !hasRoom(store.file) ? 'refused' : store.writes.flush((key, p) => log(tr(`store.${key}`, p)));
    if (outcome === 'refused') nextTry = now() + backoff.next();
    else if (outcome === 'written') backoff.reset();
  };
  const writeFiles = (): void => {
    if (heldFiles.count() === 0 || now() < nextFiles) return;
    nextFiles = now() + FILES_EVERY_MS;
    const r = heldFiles.flush(writePidFile, (file, text) => appendNoFollow(file, text, MODES.log));
    if (r.written.length > 0) log(tr('store.files_written', { n: r.written.length, list: r.written.join(', ') }));
  };
  const off = store.writes.on((e) => {
    switch (e.type) {
      case 'holding':
        backoff.reset();
        nextTry = now() + RETRY.initialMs;
        log(tr('store.holding', { why: store.problem()?.why ?? String(e.error) }));
        return;
      case 'over_bound':
        log(tr('store.over_bound', { n: e.size, limit: store.writes.limit }));
        return;
      case 'written': {
        const dropped = Object.entries(e.summary.dropped).map(([kind, n]) => tr(`store.dropped_${kind}` as 'store.dropped_audit', { n: n ?? 0 }));
        const list = dropped.length ? tr('store.dropped_list', { list: dropped.join(', ') }) : '';
        log(tr('store.written_back', { n: e.summary.written, duration: formatDuration(e.summary.heldMs), dropped: list }));
        return;
      }
      case 'held':
        return;
      default:
        return assertNever(e, 'pending-writes event');
    }
  });
  const stopTimer = ctx.background.every('store write-back', TICK_MS, () => {
    writeBack();
    writeFiles();
  });
  return {
    name: 'store',
    stop: () => {
      stopTimer();
      off();
      if (!store.db.open || !store.writes.holding) return;
      nextTry = 0;
      writeBack();
      if (store.writes.holding) log(tr('store.not_written', { n: store.writes.size(), why: store.problem()?.why ?? '?' }));
    },
  };
};
