/**
 * `alerts.announce_cli`: a start, stop or restart from the host is said in the alerts channel ("llm restarted from
 * the host by root"), so the people watching it know a change they did not make in Slack was intended. Enqueued
 * in the outbox by the CLI process like any notification; `teach run` delivers it (at once while it runs, or when
 * it starts: the line says when it happened). Nothing is said for what changed nothing (already running).
 */
import { NOTICE_SUBJECT, type NoticeEvent } from '../notify/notice.js';
import type { LifecycleAction, ServiceResult } from '../supervisor/types.js';
import { notificationsOf, type Actor, type OpsContext } from './types.js';

/**
 * What became of the announcement: queued for a running `teach run` (or, without an alerts channel, for its console
 * whenever it runs), waiting for `teach run` before the channel hears of it, or nothing to say.
 */
export type Announced = 'queued' | 'waiting' | 'off';

export function announceHostAction(ctx: OpsContext, actor: Actor, action: LifecycleAction, results: readonly ServiceResult[]): Announced {
  if (!ctx.config.alerts.announce_cli || actor.source !== 'cli') return 'off';
  const done = results.filter((r) => r.ok && !r.already).map((r) => r.service);
  const failed = results.filter((r) => !r.ok);
  if (done.length === 0 && failed.length === 0) return 'off';
  const notices = notificationsOf(ctx) as { enqueue(e: NoticeEvent): void };
  const base = { who: actor.id, at_ms: ctx.clock.now() };
  if (done.length > 0) notices.enqueue({ subject: NOTICE_SUBJECT, kind: 'notice', params: { code: `host_${action}`, args: { ...base, services: done.join(', ') } } });
  for (const r of failed) {
    notices.enqueue({ subject: NOTICE_SUBJECT, kind: 'notice', params: { code: 'host_failed', args: { ...base, action, services: r.service, error: r.error?.message ?? '?' } } });
  }
  return ctx.store.locks.holder('daemon') || !ctx.config.alerts.channel ? 'queued' : 'waiting';
}
