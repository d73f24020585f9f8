/**
 * How soon after it resolved an alert key that fires again re-opens the same alert (one Slack message, edited,
 * with the new firing in its thread) instead of starting a new one. Flapping is the case this is for: a service that
 * crashes, is restarted and crashes again, or a reading that hovers around its threshold.
 *
 * - Service alerts use the service's `restart.window`: the window in which the crash-loop guard counts restarts is
 *   the one in which a crash is "the same trouble again", so the two notions cannot disagree (the crash loop that
 *   eventually trips is the story of that one message).
 * - Host alerts (cpu, memory, disk, backup) use 10 minutes, but never less than two `monitor.for` hysteresis spans
 *   (`2 × for × interval`): a full clear-then-fire cycle takes at least that long, so a shorter window could never
 *   catch a flap at a slow sampling interval.
 */
import type { Config } from '../config/types.js';
import type { AlertKind } from '../store/alerts.js';
import { SERVICE_KINDS } from './keys.js';

export const HOST_REOPEN_MS = 10 * 60_000;

export function reopenWindow(config: Pick<Config, 'services' | 'monitor'>, kind: AlertKind, subject: string | undefined): number {
  const svc = subject !== undefined && SERVICE_KINDS.includes(kind) ? config.services[subject] : undefined;
  if (svc) return svc.restart.window;
  return Math.max(HOST_REOPEN_MS, 2 * config.monitor.for * config.monitor.interval);
}
