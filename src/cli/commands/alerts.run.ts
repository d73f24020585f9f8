/** The bodies of `teach alerts`, `teach ack`, `teach silence` and `teach unsilence` (registered in alerts.ts, loaded when one runs). */
import type { CliContext } from '../context.js';
import { acknowledgeAlert, listAlerts, parseSilence, silenceAlert, unsilenceAlert } from '../../ops/alerts.js';
import { alertSource, describeAlert, plainFormat } from '../../monitor/describe.js';
import type { AckResult, SilenceResult } from '../../monitor/book.js';
import type { AlertRow } from '../../store/alerts.js';
import type { Translate } from '../../i18n/index.js';
import { paint } from '../render/color.js';
import { parseCount } from '../args.js';

export function runAlerts(ctx: CliContext, opts: { all?: boolean; json?: boolean }): void {
  const ops = ctx.ops();
  const rows = listAlerts(ops, { all: opts.all === true });
  if (opts.json) {
    // Each row says where it came from; an Alertmanager alert carries its labels, annotations and links too.
    const ext = ops.store.externalAlerts.many(rows.filter((a) => a.kind === 'alertmanager').map((a) => a.id));
    return ctx.io.out(JSON.stringify(rows.map((a) => ({ ...a, source: alertSource(a), ...(ext.has(a.id) ? { alertmanager: ext.get(a.id) } : {}) })), null, 2));
  }
  const tr = ctx.tr;
  if (rows.length === 0) return ctx.io.out(tr('alerts.list_none'));
  ctx.io.out(paint(ctx.color).bold(tr(opts.all ? 'alerts.list_title_all' : 'alerts.list_title', { n: rows.length })));
  for (const a of rows) ctx.io.out(alertLine(a, ctx));
}

export async function runAck(ctx: CliContext, id: string): Promise<void> {
  const r = await acknowledgeAlert(ctx.ops(), ctx.actor(), alertId(id));
  ctx.io.out(ackText(r, ctx.tr));
  if (r.status !== 'acknowledged') ctx.setExit(1);
}

export async function runSilence(ctx: CliContext, id: string, duration: string): Promise<void> {
  const r = await silenceAlert(ctx.ops(), ctx.actor(), alertId(id), parseSilence(duration, ctx.locale));
  ctx.io.out(silenceText(r, duration, ctx.tr));
  if (r.status !== 'silenced') ctx.setExit(1);
}

export async function runUnsilence(ctx: CliContext, id: string): Promise<void> {
  const r = await unsilenceAlert(ctx.ops(), ctx.actor(), alertId(id));
  const a = r.alert;
  const tr = ctx.tr;
  ctx.io.out(r.status === 'unsilenced' ? tr('alerts.unsilence_done', { id: a.id }) : r.status === 'resolved' ? tr('alerts.unsilence_resolved', { id: a.id, at: plainFormat.at(a.resolved_at ?? 0) }) : tr('alerts.unsilence_not_silenced', { id: a.id }));
  if (r.status !== 'unsilenced') ctx.setExit(1);
}

function alertId(text: string): number {
  return parseCount(text.replace(/^#/, ''), 'id', 1, Number.MAX_SAFE_INTEGER);
}

function alertLine(a: AlertRow, ctx: CliContext): string {
  const d = describeAlert(a, ctx.config(), plainFormat);
  const p = paint(ctx.color);
  const state = a.state === 'firing' ? p.red(d.state) : a.state === 'acknowledged' ? p.yellow(d.state) : p.green(d.state);
  const line = ctx.tr('alerts.list_line_sourced', { id: a.id, state, source: d.source, key: a.key, since: plainFormat.at(a.started_at), title: d.title });
  return [line, `    ${d.value}`, ...d.cause.map((s) => `    ${s}`), ...d.status.map((s) => `    ${s}`)].join('\n');
}

export function ackText(r: AckResult, tr: Translate): string {
  const a = r.alert;
  switch (r.status) {
    case 'acknowledged':
      return tr('alerts.ack_done', { id: a.id });
    case 'already':
      return tr('alerts.ack_already', { id: a.id, who: plainFormat.who(a.acked_by ?? '?'), at: plainFormat.at(a.acked_at ?? 0) });
    case 'resolved':
      return tr('alerts.ack_resolved', { id: a.id, at: plainFormat.at(a.resolved_at ?? 0) });
  }
}

function silenceText(r: SilenceResult, duration: string, tr: Translate): string {
  return r.status === 'silenced' ? tr('alerts.silence_done', { id: r.alert.id, duration }) : tr('alerts.silence_resolved_already', { id: r.alert.id });
}
