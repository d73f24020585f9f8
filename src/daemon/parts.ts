/** The daemon's optional parts, in start order. Later features (monitor, Slack, backups) add theirs here. */
import type { PartFactory } from './run.js';

export const daemonParts: PartFactory[] = [];
