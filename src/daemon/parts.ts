/** The daemon's optional parts, in start order. Later features (monitor, Slack, backups) add theirs here. */
import type { PartFactory } from './run.js';
import { slackPart } from '../slack/part.js';
import { monitorPart } from '../monitor/part.js';
import { incidentsPart } from '../incidents/part.js';
import { maintenancePart } from './maintenance-part.js';
import { metricsPart } from '../app/metrics-part.js';

// metricsPart comes before monitorPart: it hands the monitor the sink that /metrics is served from.
export const daemonParts: PartFactory[] = [metricsPart, slackPart, monitorPart, incidentsPart, maintenancePart];
