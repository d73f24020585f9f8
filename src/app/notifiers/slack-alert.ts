/**
 * Alert rows in Slack. The alert message is posted once (channel + ts recorded on the alert), mentioning whoever
 * the firing event names, and edited in place afterwards, always rendered from the alert's current row; lines,
 * re-notifications and the host snapshot go into its thread (broadcast to the channel when the event says so, with
 * its mentions); a named line edits its earlier message. A message someone deleted (`message_not_found` on an edit)
 * is posted again and the alert linked to the new one. Every post carries metadata naming its outbox row, so a row
 * that may have been sent is looked up (conversations.history / replies) instead of posted twice.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config/types.js';
import { assertNever } from '../../errors.js';
import { alertIdOf, type AlertEventKind } from '../../monitor/events.js';
import type { SnapshotSummary } from '../../monitor/snapshot.js';
import type { DeliveryResult, OutboxRow, Reconciliation } from '../../notify/types.js';
import type { OutboxStore } from '../../notify/outbox.js';
import { alertMessage } from '../../slack/views/alert.js';
import { alertmanagerAlertMessage } from '../../slack/views/alert-am.js';
import { noteMessage, renotifyMessage, snapshotMessage } from '../../slack/views/alert-thread.js';
import { esc, type SlackMessage } from '../../slack/views/blocks.js';
import type { AlertRow } from '../../store/alerts.js';
import type { Store } from '../../store/index.js';
import { platformCode } from './slack-errors.js';
import { editOrPost, findPosted, postTagged, withMentions } from './slack-post.js';

export interface SlackAlertDeps {
  config: Config;
  store: Store;
  outbox: OutboxStore;
}

export function slackAlerts(deps: SlackAlertDeps) {
  const { config, store } = deps;
  const channelOf = (a: AlertRow) => a.slack_channel ?? config.alerts.channel ?? '';
  /** The alert message as it is now; an Alertmanager alert shows its labels, annotations and links too. */
  const render = (a: AlertRow, mention?: OutboxRow['mention']): SlackMessage =>
    a.kind === 'alertmanager' ? alertmanagerAlertMessage(a, store.externalAlerts.get(a.id), config, undefined, mention ?? []) : alertMessage(a, config, mention === undefined ? {} : { mention });

  /** The incident's title as a link to its message, once Slack has it (chat.getPermalink). */
  const incidentLink = async (web: WebClient, args: Record<string, unknown>): Promise<Record<string, string>> => {
    const inc = typeof args.incident === 'number' ? store.incidents.get(args.incident) : undefined;
    if (!inc?.channel || !inc.message_ts || typeof args.title !== 'string') return {};
    try {
      const r = await web.chat.getPermalink({ channel: inc.channel, message_ts: inc.message_ts });
      return r.permalink ? { title: `<${r.permalink}|${esc(args.title)}>` } : {};
    } catch {
      // The line says which incident without the link rather than not at all (the message may be gone).
      return {};
    }
  };

  const threadContent = async (web: WebClient, row: OutboxRow, alert: AlertRow): Promise<SlackMessage> => {
    const kind = row.kind as Exclude<AlertEventKind, 'alert.message'>;
    switch (kind) {
      case 'alert.line': {
        const p = row.params as { code?: string; args?: Record<string, unknown> };
        const args = p.args ?? {};
        const markup = p.code === 'incident' ? await incidentLink(web, args) : {};
        return noteMessage(config, p.code ?? '', args, alert, markup);
      }
      case 'alert.renotify': {
        const p = row.params as { duration_ms?: number; duration?: string };
        return renotifyMessage(config, p.duration_ms ?? p.duration ?? '');
      }
      case 'alert.snapshot':
        return snapshotMessage(config, row.params as unknown as SnapshotSummary);
      default:
        return assertNever(kind, 'alert row kind');
    }
  };

  /** Posts the alert message (again, when someone deleted it) and links the alert to it. */
  const postMain = async (web: WebClient, row: OutboxRow, alert: AlertRow): Promise<DeliveryResult> => {
    const channel = channelOf(alert);
    const ref = await postTagged(web, row, { channel }, render(alert, row.mention), { alert_id: alert.id });
    store.alerts.setMessage(alert.id, ref.channel, ref.ts);
    return { ok: true, ref };
  };

  return {
    async deliver(web: WebClient, row: OutboxRow): Promise<DeliveryResult> {
      const alert = store.alerts.get(alertIdOf(row.subject) ?? -1);
      if (!alert) return { ok: false, outcome: 'permanent', error: `${row.subject} not found` };
      if (row.kind === 'alert.message') {
        if (alert.slack_ts === null) return postMain(web, row, alert);
        // Each render shows the current row: a later render still waiting would show exactly the same.
        if (deps.outbox.laterPending(row)) return { ok: true };
        const m = render(alert);
        try {
          await web.chat.update({ channel: channelOf(alert), ts: alert.slack_ts, text: m.text, blocks: m.blocks });
          return { ok: true, ref: { channel: channelOf(alert), ts: alert.slack_ts } };
        } catch (e) {
          if (platformCode(e) === 'message_not_found') return postMain(web, row, alert);
          throw e;
        }
      }
      if (alert.slack_ts === null) return { ok: false, outcome: 'permanent', error: 'the alert message was never posted' };
      const m = withMentions(await threadContent(web, row, alert), row.mention);
      const where = { channel: channelOf(alert), thread_ts: alert.slack_ts, broadcast: row.broadcast };
      const earlier = row.line === null ? undefined : deps.outbox.lineRef(row.subject, row.line);
      return { ok: true, ref: await editOrPost(web, row, where, m, earlier, { alert_id: alert.id }) };
    },

    async reconcile(web: WebClient, row: OutboxRow): Promise<Reconciliation> {
      const alert = store.alerts.get(alertIdOf(row.subject) ?? -1);
      if (!alert) return { arrived: false };
      // Once the message is recorded, a render is an edit showing the current state: sending it again is harmless.
      if (row.kind === 'alert.message' && alert.slack_ts !== null) return { arrived: false };
      // Without the alert message there is no thread, so nothing can have been posted in it.
      if (row.kind !== 'alert.message' && alert.slack_ts === null) return { arrived: false };
      if (row.line !== null && deps.outbox.lineRef(row.subject, row.line)) return { arrived: false };
      const threadTs = row.kind === 'alert.message' ? null : alert.slack_ts;
      const ts = await findPosted(web, row, { channel: channelOf(alert), threadTs });
      if (ts === undefined) return { arrived: false };
      if (row.kind === 'alert.message') store.alerts.setMessage(alert.id, channelOf(alert), ts);
      return { arrived: true, ref: { channel: channelOf(alert), ts } };
    },
  };
}
