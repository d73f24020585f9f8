/**
 * What the built-in step actions get from the rest of teachops (their ports), bound to the person who runs the step:
 * restarts through runLifecycle (permissions, audit, one operation per service), status, health checks, and where
 * the incident's notifications go.
 */
import type { ActionDeps } from '../incidents/actions/index.js';
import type { Incident } from '../incidents/types.js';
import { translator } from '../i18n/index.js';
import { checkHealth } from '../probes/health.js';
import type { IncidentOpsContext } from './incidents.js';
import { incidentRoute } from './incident-route.js';
import { runLifecycle } from './lifecycle.js';
import { collectStatus } from './status.js';
import type { Actor } from './types.js';

export function actionDeps(ctx: IncidentOpsContext, actor: Actor, incident: Incident): ActionDeps {
  // The incident follows the runbook it was declared with, even if runbook.yaml changed since.
  const runbook = ctx.store.incidents.runbookOf(incident.id) ?? ctx.runbook ?? { file: '', phases: [], notify: { channel: null, mention: [] } };
  return {
    config: ctx.config,
    runbook,
    tr: translator(ctx.config.locale),
    status: () => collectStatus(ctx),
    restart: (service, fallback) => runLifecycle(ctx, actor, { action: 'restart', target: service, ...(fallback !== undefined ? { fallback } : {}) }),
    health: (service) => {
      const h = ctx.config.services[service]?.health;
      return h ? checkHealth(h, undefined, ctx.config.locale) : Promise.resolve({ ok: true, latencyMs: 0 });
    },
    healthTargets: () => ctx.supervisor.runtime().filter((r) => r.desired !== 'stopped' && ctx.config.services[r.name]?.health).map((r) => r.name),
    isAlertActive: (a) => (a.alert_id === null ? true : ctx.store.alerts.get(a.alert_id)?.state !== 'resolved'),
    route: () => incidentRoute(ctx, incident),
    sleep: ctx.tuning.sleep,
    verify: { rounds: ctx.tuning.verifyRounds, intervalMs: ctx.tuning.verifyIntervalMs },
  };
}
