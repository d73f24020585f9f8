/**
 * Start one service (the caller holds its lock): clean up an orphaned instance first, preflight, spawn detached with
 * its ownership mark, pid file, health gate, mark check. A failed start leaves nothing behind: what we spawned is
 * stopped and its pid file removed; the result carries the reason and the redacted log tail. The desired state
 * becomes "running" only when the start succeeded, so a refused start does not turn into a crash alert.
 */
import { mkdirSync } from 'node:fs';
import type { ServiceConfig } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import type { TeachopsError } from '../errors.js';
import { paths } from '../util/paths.js';
import { environHas } from '../util/proc-environ.js';
import { readCmdline, sameProcessAlive } from '../util/proc.js';
import { redact, secretValues } from '../util/redact.js';
import type { Ctx } from './context.js';
import { buildServiceEnv } from './env.js';
import { MarkLostError, PidFileWriteError, PreflightError, SpawnFailedError } from './errors.js';
import { ownedNow } from './existing.js';
import { treeAlive } from './ownership.js';
import { watchExit } from './exits.js';
import { MARK_VAR, markEntry, markValue, newInstanceId } from './marks.js';
import { removePidFile, safeOverrides, writePidRecord } from './pidfile.js';
import { preflight } from './preflight.js';
import { recordProfile, wantsFallback } from './profile.js';
import { waitReady } from './ready.js';
import { appendTeachopsLine, logTail } from './servicelog.js';
import { spawnDetached, SpawnError } from './spawn.js';
import { terminate } from './terminate.js';
import type { LifecycleOptions, PidRecord, ServiceResult } from './types.js';

const TAIL_LINES = 20;

export async function startService(ctx: Ctx, svc: ServiceConfig, opts: LifecycleOptions): Promise<ServiceResult> {
  const onEvent = opts.onEvent ?? (() => undefined);
  const logFile = paths.serviceLog(ctx.config.logs_dir, svc.name);
  const fail = (error: TeachopsError, ms: number, logTailLines?: string[]): ServiceResult => {
    appendTeachopsLine(logFile, ctx.tr('supervisor.log_start_failed', { service: svc.name, reason: error.message }), ctx.clock.now(), ctx.store.writes.holds);
    ctx.log(`${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    return { service: svc.name, action: 'start', ok: false, ms, error, ...(logTailLines ? { logTail: logTailLines } : {}) };
  };

  mkdirSync(ctx.config.logs_dir, { recursive: true });
  const own = ownedNow(ctx, svc, onEvent);
  if (own.kind === 'running') {
    if (opts.recordDesired !== false) ctx.store.desired.set(svc.name, 'running', opts.by, ctx.clock.now());
    onEvent({ type: 'already', service: svc.name, state: 'running', pid: own.record.pid });
    return { service: svc.name, action: 'start', ok: true, already: true, pid: own.record.pid, ms: 0 };
  }
  if (own.kind === 'orphaned') {
    // Workers of a dead leader still hold the port: they go before anything new starts.
    onEvent({ type: 'orphans', service: svc.name, pids: own.left.map((m) => m.id.pid) });
    const cleaned = await terminate(ctx, svc, own.record, opts.by, onEvent);
    if (cleaned.error) return fail(cleaned.error, cleaned.ms);
    removePidFile(ctx.config.logs_dir, svc.name);
  }

  onEvent({ type: 'preflight', service: svc.name });
  const fallback = wantsFallback(ctx.store, svc, opts.fallback);
  const senv = buildServiceEnv(svc, fallback, ctx.baseEnv, ctx.config.locale);
  const secrets = secretValues(senv.env, senv.required);
  const problems = preflight(ctx.config, svc, senv);
  if (problems.length === 1) return fail(problems[0]!, 0);
  if (problems.length > 1) return fail(new PreflightError(svc.name, problems, ctx.config.locale), 0);

  const instance = newInstanceId();
  const command = redact(svc.argv.map(quote).join(' '), secrets);
  appendTeachopsLine(logFile, ctx.tr('supervisor.log_starting', { service: svc.name, command, by: opts.by }), ctx.clock.now(), ctx.store.writes.holds);
  const spawnedAt = ctx.clock.now();
  let spawned;
  try {
    // The mark goes last: no env file or config can override it.
    spawned = await spawnDetached({ argv: svc.argv, cwd: svc.cwd, env: { ...senv.env, [MARK_VAR]: markValue(svc.name, instance) }, logFile });
  } catch (e) {
    if (!(e instanceof SpawnError)) throw e;
    return fail(new SpawnFailedError(svc.name, e.message, ctx.config.locale), 0);
  }
  watchExit(ctx, svc.name, spawned);
  const overrides = safeOverrides(senv.overrides);
  const record: PidRecord = {
    service: svc.name,
    pid: spawned.pid,
    pgid: spawned.pgid,
    start_time: spawned.identity.startTime,
    boot_id: spawned.identity.bootId,
    argv: spawned.argv,
    started_at: spawnedAt,
    spawned_by: process.pid,
    instance,
    command: svc.argv,
    ...(fallback ? { fallback: true } : {}),
    ...(overrides ? { overrides } : {}),
  };
  try {
    const { held } = writePidRecord(ctx.config.logs_dir, record, ctx.store.writes.holds);
    if (held) ctx.log(ctx.tr('store.files_pending', { file: paths.pidFile(ctx.config.logs_dir, svc.name), error: held }));
  } catch (e) {
    // A process nobody can find later must not be left running: we still hold its handle, so it is provably ours.
    await terminate(ctx, svc, record, 'teachops', () => undefined);
    return fail(new PidFileWriteError(svc.name, spawned.pid, paths.pidFile(ctx.config.logs_dir, svc.name), errnoOf(e), ctx.config.locale), ctx.clock.now() - spawnedAt);
  }
  onEvent({ type: 'spawned', service: svc.name, pid: spawned.pid });

  let ready = await waitReady(ctx, svc, spawned, spawnedAt);
  // A leader that replaced its environment cannot be proven ours later: refuse it now, while we hold its handle.
  if (ready.ok && environHas(spawned.pid, markEntry(svc.name, instance)) === false) {
    ready = { ok: false, error: new MarkLostError(svc.name, spawned.pid, MARK_VAR, ctx.config.locale) };
  }
  if (!ready.ok) {
    // Tail first: the service's own last words matter, not our stop lines after them.
    const tail = logTail(logFile, TAIL_LINES, secrets);
    if (sameProcessAlive(spawned.identity) || treeAlive(record)) await terminate(ctx, svc, record, 'teachops', () => undefined);
    removePidFile(ctx.config.logs_dir, svc.name);
    return fail(ready.error, ctx.clock.now() - spawnedAt, tail);
  }

  const child = ctx.children.get(spawned.pid);
  if (child) child.expected = false;
  refreshArgv(ctx, record);
  if (opts.recordDesired !== false) ctx.store.desired.set(svc.name, 'running', opts.by, ctx.clock.now());
  if (opts.fallback !== undefined) recordProfile(ctx.store, svc.name, opts.fallback, opts.by, ctx.clock.now());
  appendTeachopsLine(logFile, ctx.tr('supervisor.log_started', { service: svc.name, pid: spawned.pid, duration: formatDuration(ready.ms) }), ctx.clock.now(), ctx.store.writes.holds);
  onEvent({ type: 'healthy', service: svc.name, pid: spawned.pid, ms: ready.ms });
  return { service: svc.name, action: 'start', ok: true, pid: spawned.pid, ms: ready.ms, ...(fallback ? { fallback: true } : {}) };
}

/**
 * Some programs rewrite their command line once running (process.title, setproctitle). Identity is already proven by
 * pid + start time + mark, so record what /proc shows now.
 */
function refreshArgv(ctx: Ctx, record: PidRecord): void {
  const argv = readCmdline(record.pid);
  if (!argv || argv.join('\0') === record.argv.join('\0')) return;
  if (!sameProcessAlive({ pid: record.pid, startTime: record.start_time, bootId: record.boot_id })) return;
  try {
    writePidRecord(ctx.config.logs_dir, { ...record, argv }, ctx.store.writes.holds);
  } catch {
    // The record written at spawn still proves the process ours (pid, start time, mark); the argv is a detail.
  }
}

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
