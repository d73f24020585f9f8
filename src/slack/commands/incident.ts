/**
 * `/teach incident [title]`: declares an incident with the declarer as lead. The incident message (the runbook with
 * its buttons) is posted by the incident outbox into alerts.channel (or here, without one); the declarer gets a
 * pointer to it.
 */
import { defineCommand } from '../routes.js';
import { declareIncident, incidentsOf } from '../../ops/incidents.js';
import { infoMessage } from '../views/notice.js';
import { markup } from '../../i18n/index.js';

export const incident = defineCommand({
  name: 'incident',
  usage: 'incidents.usage_cmd_incident',
  summary: 'incidents.summary_cmd_incident',
  async run(ix, args) {
    const title = args.join(' ').trim();
    const { incident: inc } = await declareIncident(incidentsOf(ix.deps.ops), ix.actor, { ...(title ? { title } : {}), channel: ix.channel });
    await ix.reply.ephemeral(infoMessage(markup(ix.deps.tr('incidents.declared_reply', { id: inc.id, channel: inc.channel ?? ix.channel }))));
    return { outcome: 'ok', detail: `incident #${inc.id}` };
  },
});
