/**
 * Slack's state in the daemon, fed by the delivery loop and the connection: said once per change, plainly, on the
 * console and in logs/monitor.log (where the alerts are meanwhile), and written to the store so `teach status` and
 * `teach doctor` show it from any process. Recovering writes `ok`; the token/URL is never printed.
 */
import { appendFileSync } from 'node:fs';
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import { translator } from '../i18n/index.js';
import { NOTICE_SUBJECT, type NoticeEvent } from '../notify/notice.js';
import type { DeliveryHealth } from '../notify/delivery.js';
import type { Notifications } from '../notify/types.js';
import { SLACK_HEALTH_KEY, type SlackHealthRecord } from '../ops/slack-health.js';
import type { Store } from '../store/index.js';
import { paths } from '../util/paths.js';

export interface SlackHealth extends DeliveryHealth {
  /** the connection (Socket Mode / HTTP receiver) could not be made; `auth` when the token was refused */
  connectFailed(message: string, auth?: string): void;
  connected(): void;
  current(): SlackHealthRecord;
}

/** Slack errors that mean the bot is not in the channel it posts to: inviting it is the fix. */
const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

export function createSlackHealth(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  log: (l: string) => void;
  notices: Notifications<NoticeEvent>;
  /** the bot's name as Slack knows it (auth.test), for the `/invite @name` hint */
  botName?: () => string;
}): SlackHealth {
  const tr = translator(deps.config.locale);
  const file = paths.monitorLog(deps.config.logs_dir);
  let state: SlackHealthRecord = { state: 'ok' };
  /** who reported the current problem: only the same side can clear it */
  let source: 'delivery' | 'connect' = 'delivery';
  /** what was said last, per side: each problem is said once, not once per retry */
  const said = { delivery: '', connect: '' };
  const say = (side: keyof typeof said, key: string, line: string) => {
    if (said[side] === key) return;
    said[side] = key;
    deps.log(line);
    try {
      appendFileSync(file, `${new Date(deps.clock.now()).toISOString()} ${line}\n`);
    } catch {
      // The console line above is the fallback; a full disk is reported by the disk alert.
    }
  };
  const save = (next: SlackHealthRecord) => {
    state = next;
    try {
      if (deps.store.db.open) deps.store.kv.set(SLACK_HEALTH_KEY, next, deps.clock.now());
    } catch {
      // Shown again on the next change; delivery itself does not depend on this record.
    }
  };
  const since = () => (state.state === 'ok' ? deps.clock.now() : state.since);
  // A record left by an earlier daemon says nothing about this one's Slack: start from "fine" until told otherwise.
  save(state);
  return {
    current: () => state,
    authFailed(code, needed) {
      const hint = code === 'missing_scope' ? tr('delivery.auth_hint_scope', { needed: needed ?? '?' }) : tr('delivery.auth_hint_token');
      say('delivery', `auth:${code}`, tr('delivery.auth_failed', { code, file, hint }));
      if (state.state !== 'auth' || state.code !== code) save({ state: 'auth', code, ...(needed ? { needed } : {}), since: since() });
      source = 'delivery';
    },
    unavailable(error, retryInMs) {
      // Already said by the connection ("cannot connect ... supervising without Slack"): once is enough.
      if (said.connect !== 'unreachable') say('delivery', 'unavailable', tr('delivery.unavailable', { error, delay: formatDuration(retryInMs), file }));
      if (state.state === 'ok') {
        save({ state: 'unreachable', reason: error, since: since() });
        source = 'delivery';
      }
    },
    recovered() {
      if (state.state === 'ok' || source !== 'delivery') return;
      const was = state;
      say('delivery', 'ok', tr('delivery.recovered'));
      save({ state: 'ok' });
      // People in the channel learn that what they just got was late, and why.
      if (was.state === 'auth') {
        const fmt = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
        deps.notices.enqueue({ subject: NOTICE_SUBJECT, kind: 'notice', params: { code: 'slack_resumed', args: { since: fmt(was.since), until: fmt(deps.clock.now()), reason: was.code, n: deps.store.outbox.pendingCount() } } });
      }
    },
    skipped(row, error) {
      if (NOT_MEMBER.has(error) && deps.config.alerts.channel) {
        deps.log(tr('delivery.skipped_not_member', { subject: row.subject, kind: row.kind, channel: deps.config.alerts.channel, bot: deps.botName?.() ?? 'teachops' }));
        return;
      }
      deps.log(tr('delivery.skipped', { subject: row.subject, kind: row.kind, destination: 'Slack', error }));
    },
    connectFailed(message, auth) {
      say('connect', auth ?? 'unreachable', tr('delivery.connect_failed', { message, file }));
      if (state.state !== 'ok' && source === 'delivery') return;
      save(auth ? { state: 'auth', code: auth, since: since() } : { state: 'unreachable', reason: message, since: since() });
      source = 'connect';
    },
    connected() {
      said.connect = '';
      if (state.state !== 'ok' && source === 'connect') save({ state: 'ok' });
    },
  };
}
