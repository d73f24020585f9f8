/**
 * `Start runbook` on an alert message (the route is alert-runbook.ts): declares an incident linked to that alert,
 * with the clicker as lead, or, when an open incident already follows the alert, points to it instead of a twin.
 */
import { declareIncident, incidentsOf } from '../../ops/incidents.js';
import { infoMessage } from '../views/notice.js';
import { markup } from '../../i18n/index.js';
import type { Interaction, Outcome } from '../context.js';

export async function declareFromAlert(ix: Interaction, alertId: number): Promise<Outcome> {
  const { incident, created } = await declareIncident(incidentsOf(ix.deps.ops), ix.actor, { alertId, channel: ix.channel });
  if (!created) await ix.reply.ephemeral(infoMessage(markup(ix.deps.tr('incidents.declared_reply', { id: incident.id, channel: incident.channel ?? ix.channel }))));
  return { outcome: 'ok', detail: `incident #${incident.id}${created ? '' : ' (already open)'}` };
}
