/**
 * The book's periodic sweep: unacknowledged, unsilenced alerts are said again in their thread every
 * `alerts.repeat_after` (mentioning `alerts.escalate_to`), and timed silences that ran out end (said, and the
 * re-notification counts again from then).
 */
import type { Config } from '../config/types.js';
import type { Store } from '../store/index.js';
import type { AlertEmitter } from './book-emit.js';

export function sweepAlerts(d: { store: Store; config: Pick<Config, 'alerts'>; emit: AlertEmitter }, at: number): void {
  const { store, emit } = d;
  const every = d.config.alerts.repeat_after;
  for (const a of store.alerts.active()) {
    if (a.silence !== null && a.silence !== 'resolved' && a.silenced_until !== null && a.silenced_until <= at) {
      store.alerts.clearSilence(a.id, at);
      store.alerts.markNotified(a.id, at);
      emit.note(a.id, 'silence_ended', 'teachops', 'silence_ended', {});
      emit.render(a.id, 'silence_ended');
      continue;
    }
    if (a.state !== 'firing' || a.silence !== null || at - a.last_notified_at < every) continue;
    store.alerts.markNotified(a.id, at);
    store.alerts.addEvent({ alert_id: a.id, at, type: 'renotified', actor: 'teachops', text_key: null, params: {} });
    emit.renotify(a.id, at - a.fired_at);
  }
}
