/**
 * Incident rows in Slack: the incident message is posted once into alerts.channel (its channel + ts recorded) and
 * edited in place afterwards, always rendered from the incident's current row (posted again, and re-linked, when
 * someone deleted it); thread rows go under it; the notify summary to its channel; the postmortem as a file in the
 * thread (filesUploadV2). Posts carry metadata naming their row (slack-post.ts) for the "maybe sent" lookup.
 */
import { readFileSync } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/types.js';
import { assertNever } from '../../errors.js';
import { incidentIdOf, type FilePayload, type IncidentEvent, type PostPayload, type ThreadPayload } from '../../incidents/outbox.js';
import type { Incident } from '../../incidents/types.js';
import type { OutboxStore } from '../../notify/outbox.js';
import type { DeliveryResult, OutboxRow, Reconciliation } from '../../notify/types.js';
import type { StatusReport } from '../../ops/status.js';
import { incidentMessage } from '../../slack/views/incident.js';
import { chooseMessage, eventMessage, notifySummary, statusSnapshotMessage, switchBackMessage } from '../../slack/views/incident-thread.js';
import type { SlackMessage } from '../../slack/views/blocks.js';
import type { IncidentRepo } from '../../store/incidents.js';
import { platformCode } from './slack-errors.js';
import { findDelivered, uploadName } from './slack-incident-recover.js';
import { postTagged, withMentions } from './slack-post.js';

export interface SlackIncidentDeps {
  config: Config;
  repo: IncidentRepo;
  outbox: OutboxStore;
  clock: Clock;
}

export function slackIncidents(deps: SlackIncidentDeps) {
  const locale = deps.config.locale;

  const threadContent = (p: ThreadPayload, inc: Incident): SlackMessage => {
    switch (p.type) {
      case 'event':
        return eventMessage(p.event, inc, locale);
      case 'status':
        // Written by the status action from ops' StatusReport; the domain keeps it as opaque data.
        return statusSnapshotMessage(p.report as unknown as StatusReport, locale);
      case 'choose':
        return chooseMessage(inc, p, locale);
      case 'switch_back':
        return switchBackMessage(inc, p, locale);
      default:
        return assertNever(p, 'thread payload');
    }
  };

  const postMessage = async (web: WebClient, row: OutboxRow, inc: Incident, channel: string): Promise<DeliveryResult> => {
    const ref = await postTagged(web, row, { channel }, incidentMessage(inc, deps.clock.now(), locale), { incident_id: inc.id });
    deps.repo.setMessage(inc.id, ref.channel, ref.ts);
    return { ok: true, ref };
  };

  const deliver = async (web: WebClient, row: OutboxRow, inc: Incident): Promise<DeliveryResult> => {
    const channel = inc.channel ?? deps.config.alerts.channel;
    if (!channel) return { ok: false, outcome: 'permanent', error: 'alerts.channel is not set' };
    const threaded = async (m: SlackMessage): Promise<DeliveryResult> => {
      if (inc.message_ts === null) return { ok: false, outcome: 'permanent', error: 'the incident message was never posted' };
      return { ok: true, ref: await postTagged(web, row, { channel, thread_ts: inc.message_ts, broadcast: row.broadcast }, withMentions(m, row.mention), { incident_id: inc.id }) };
    };
    const kind = row.kind as IncidentEvent['kind'];
    switch (kind) {
      case 'incident.message': {
        if (inc.message_ts === null) return postMessage(web, row, inc, channel);
        // Each render shows the current row: a later render still waiting would show exactly the same.
        if (deps.outbox.laterPending(row)) return { ok: true };
        const m = incidentMessage(inc, deps.clock.now(), locale);
        try {
          await web.chat.update({ channel, ts: inc.message_ts, text: m.text, blocks: m.blocks });
        } catch (e) {
          if (platformCode(e) === 'message_not_found') return postMessage(web, row, inc, channel);
          throw e;
        }
        return { ok: true, ref: { channel, ts: inc.message_ts } };
      }
      case 'incident.thread':
        return threaded(threadContent(row.params as unknown as ThreadPayload, inc));
      case 'incident.post': {
        const p = row.params as unknown as PostPayload;
        const m = notifySummary(inc, p.mention, locale);
        return { ok: true, ref: await postTagged(web, row, { channel: p.channel ?? channel }, m, { incident_id: inc.id }) };
      }
      case 'incident.file': {
        const p = row.params as unknown as FilePayload;
        if (inc.message_ts === null) return { ok: false, outcome: 'permanent', error: 'the incident message was never posted' };
        const content = readFileSync(p.file, 'utf8');
        await web.filesUploadV2({ channel_id: channel, thread_ts: inc.message_ts, content, filename: uploadName(p), title: p.title });
        return { ok: true };
      }
      default:
        return assertNever(kind, 'incident row kind');
    }
  };

  return {
    async deliver(web: WebClient, row: OutboxRow): Promise<DeliveryResult> {
      const inc = deps.repo.get(incidentIdOf(row.subject) ?? -1);
      if (!inc) return { ok: false, outcome: 'permanent', error: `${row.subject} is gone` };
      return deliver(web, row, inc);
    },
    async reconcile(web: WebClient, row: OutboxRow): Promise<Reconciliation> {
      const inc = deps.repo.get(incidentIdOf(row.subject) ?? -1);
      const channel = inc?.channel ?? deps.config.alerts.channel;
      // Nothing to look in: delivering it will give up on it the same way.
      if (!inc || !channel) return { arrived: false };
      const found = await findDelivered(web, row, inc, channel);
      if (found.arrived && found.ref && row.kind === 'incident.message') deps.repo.setMessage(inc.id, found.ref.channel, found.ref.ts);
      return found;
    },
  };
}
