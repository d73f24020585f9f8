/** `/teach incidents`: the latest incidents (ephemeral; read-only, so anyone may ask). */
import { defineCommand } from '../routes.js';
import { OK } from '../context.js';
import { listIncidents } from '../../ops/incidents.js';
import { incidentListMessage } from '../views/incident-list.js';

export const incidents = defineCommand({
  name: 'incidents',
  usage: 'incidents.usage_cmd_incidents',
  summary: 'incidents.summary_cmd_incidents',
  async run(ix) {
    await ix.reply.ephemeral(incidentListMessage(listIncidents(ix.deps.ops, { limit: 15 }), ix.deps.config.locale));
    return OK;
  },
});
