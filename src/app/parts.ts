/**
 * The daemon's parts, in start order (stopped in reverse, shutdown.ts): the store's write-back first (it writes back
 * what the others held while the database refused writes, and tries once more after they all stopped), delivery
 * (every other part enqueues through it, and it flushes last), metrics (it hands the monitor the sink /metrics is served from), the monitor,
 * Alertmanager (its receiver routes on the metrics listener; its silences hook must be set before Slack takes clicks),
 * incidents, maintenance, then the operations drain (it waits for
 * Slack commands, runbook steps and automatic restarts under way, and says so), and Slack last (it takes new work,
 * so it stops taking it first).
 */
import type { PartFactory } from './run.js';
import { deliveryPart } from './delivery-part.js';
import { storePart } from './store-part.js';
import { operationsPart } from './operations-part.js';
import { slackPart } from './slack-part.js';
import { monitorPart } from './monitor-part.js';
import { incidentsPart } from './incidents-part.js';
import { maintenancePart } from './maintenance-part.js';
import { metricsPart } from './metrics-part.js';
import { alertmanagerPart } from './alertmanager-part.js';

export const daemonParts: PartFactory[] = [storePart, deliveryPart, metricsPart, monitorPart, alertmanagerPart, incidentsPart, maintenancePart, operationsPart, slackPart];
