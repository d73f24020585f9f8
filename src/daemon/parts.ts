/** The daemon's optional parts, in start order. Later features (monitor, Slack, backups) add theirs here. */
import type { PartFactory } from './run.js';
import { slackPart } from '../slack/part.js';
import { monitorPart } from '../monitor/part.js';
import { incidentsPart } from '../incidents/part.js';
import { maintenancePart } from './maintenance-part.js';

// Maintenance first: log rotation must run before connecting to Slack (seconds) lets a flooding service's log grow.
export const daemonParts: PartFactory[] = [maintenancePart, slackPart, monitorPart, incidentsPart];
