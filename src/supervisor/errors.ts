/**
 * One coded error per lifecycle failure. Each carries the facts an adapter may want to show or act on (the port,
 * the pid holding it, the missing variables ...) besides `message` and `hint`. Messages come from the catalogue in
 * the locale the constructor is given (the supervisor passes `config.locale`); 'en' when none is known.
 */
import { TeachopsError } from '../errors.js';
import type { Locale } from '../config/types.js';
import { t } from '../i18n/index.js';
import { closest } from '../util/suggest.js';

export class UnknownServiceError extends TeachopsError {
  readonly code = 'unknown_service';
  override exitCode = 2;
  readonly suggestion: string | undefined;
  constructor(readonly service: string, readonly valid: string[], locale: Locale = 'en') {
    const suggestion = closest(service, valid);
    const base = t(locale, 'common.unknown_service', { name: service, valid: [...valid, 'all'].join(', ') });
    super(suggestion ? `${base} ${t(locale, 'common.did_you_mean', { suggestion })}` : base, { hint: t(locale, 'supervisor.unknown_service_hint') });
    this.suggestion = suggestion;
  }
}

export interface PortHolderInfo {
  pid?: number;
  command?: string;
  /** the teachops service whose verified pid holds the port */
  service?: string;
}

export class PortInUseError extends TeachopsError {
  readonly code = 'port_in_use';
  /** `portVar`: the `${VAR}` that sets services.<svc>.port and the env file it can be set in, named in the hint */
  constructor(readonly service: string, readonly port: number, readonly holder: PortHolderInfo, locale: Locale = 'en', portVar?: { name: string; file: string }) {
    const p = { port, service, pid: holder.pid ?? '?', command: holder.command ?? '?', holder: holder.service ?? '', var: portVar?.name ?? '', file: portVar?.file ?? '' };
    const [msg, hint] =
      holder.pid === undefined
        ? (['supervisor.port_in_use_unknown', 'supervisor.port_in_use_unknown_hint'] as const)
        : holder.service
          ? (['supervisor.port_in_use_own', 'supervisor.port_in_use_own_hint'] as const)
          : (['supervisor.port_in_use', 'supervisor.port_in_use_hint'] as const);
    const varHint = portVar && !holder.service ? ` ${t(locale, 'lifecycle.port_var_hint', p)}` : '';
    super(t(locale, msg, p), { hint: t(locale, hint, p) + varHint });
  }
}

export class CwdMissingError extends TeachopsError {
  readonly code = 'cwd_missing';
  constructor(readonly service: string, readonly cwd: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.cwd_missing', { service, cwd }), { hint: t(locale, 'supervisor.cwd_missing_hint', { service }) });
  }
}

export class CommandNotFoundError extends TeachopsError {
  readonly code = 'command_not_found';
  /** `file` set when argv[0] names a path (absolute or relative to cwd) rather than a PATH lookup. */
  constructor(readonly service: string, readonly command: string, readonly file?: string, locale: Locale = 'en') {
    const where = file ? t(locale, 'supervisor.command_not_found_file', { file }) : t(locale, 'supervisor.command_not_found_path');
    super(t(locale, 'supervisor.command_not_found', { service, command, where }), { hint: t(locale, 'supervisor.command_not_found_hint', { service }) });
  }
}

export class MissingEnvError extends TeachopsError {
  readonly code = 'missing_env';
  constructor(readonly service: string, readonly names: string[], readonly envFile: string | null, envFileExists = true, locale: Locale = 'en') {
    const p = { service, names: names.join(', '), file: envFile ?? '' };
    const key = envFile === null ? 'supervisor.missing_env_inline' : envFileExists ? 'supervisor.missing_env_file' : 'supervisor.missing_env_file_absent';
    super(t(locale, key, p), { hint: t(locale, 'supervisor.missing_env_hint', p) });
  }
}

export class EnvFileUnreadableError extends TeachopsError {
  readonly code = 'env_file_unreadable';
  constructor(readonly service: string, readonly file: string, reason: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.env_file_unreadable', { service, file, reason }), { hint: t(locale, 'supervisor.env_file_unreadable_hint', { service }) });
  }
}

/** Several preflight problems at once; `problems` holds each one (the first one's hint is the hint). */
export class PreflightError extends TeachopsError {
  readonly code = 'preflight_failed';
  constructor(readonly service: string, readonly problems: TeachopsError[], locale: Locale = 'en') {
    const list = problems.map((p, i) => `(${i + 1}) ${p.message}`).join(' ');
    super(t(locale, 'supervisor.preflight_failed', { service, count: problems.length, problems: list }), { hint: problems[0]?.hint });
  }
}

export class SpawnFailedError extends TeachopsError {
  readonly code = 'spawn_failed';
  constructor(readonly service: string, reason: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.spawn_failed', { service, reason }), { hint: t(locale, 'supervisor.spawn_failed_hint', { service }) });
  }
}

export class StartTimeoutError extends TeachopsError {
  readonly code = 'start_timeout';
  constructor(readonly service: string, readonly timeoutMs: number, readonly lastCheck: string, timeoutText: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.start_timeout', { service, timeout: timeoutText, last: lastCheck }), { hint: t(locale, 'supervisor.start_timeout_hint', { service }) });
  }
}

export class ExitedDuringStartError extends TeachopsError {
  readonly code = 'exited_during_start';
  constructor(readonly service: string, readonly exitStatus: number | null, readonly signal: string | null, msText: string, locale: Locale = 'en') {
    const how = signal ? t(locale, 'supervisor.exit_signal', { signal }) : t(locale, 'supervisor.exit_code', { code: String(exitStatus) });
    super(t(locale, 'supervisor.exited_during_start', { service, how, ms: msText }), { hint: t(locale, 'supervisor.exited_during_start_hint') });
  }
}

export class DependencyFailedError extends TeachopsError {
  readonly code = 'dependency_failed';
  constructor(readonly service: string, readonly dependency: string, locale: Locale = 'en') {
    const p = { service, dependency };
    super(t(locale, 'supervisor.dependency_failed', p), { hint: t(locale, 'supervisor.dependency_failed_hint', p) });
  }
}

export class LockBusyError extends TeachopsError {
  readonly code = 'lock_busy';
  constructor(readonly service: string, readonly holderPid: number, readonly purpose: string, waitedText: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.lock_busy', { service, pid: holderPid, purpose, waited: waitedText }), { hint: t(locale, 'supervisor.lock_busy_hint') });
  }
}

export class StopFailedError extends TeachopsError {
  readonly code = 'stop_failed';
  /** `left`: the processes still alive, with pids and commands ("pid 12 (python3 ...), pid 13 (...)") */
  constructor(readonly service: string, readonly count: number, readonly left: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.stop_failed_left', { service, count, left }), { hint: t(locale, 'supervisor.stop_failed_left_hint', { service }) });
  }
}

export class PortNotFreedError extends TeachopsError {
  readonly code = 'port_not_freed';
  constructor(readonly service: string, readonly port: number, holderText: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.port_not_freed', { service, port, holder: holderText }), { hint: t(locale, 'supervisor.port_not_freed_hint', { service }) });
  }
}

/** A restart that could not start the service again is refused before anything is stopped. */
export class RestartRefusedError extends TeachopsError {
  readonly code = 'restart_refused';
  constructor(readonly service: string, readonly problem: TeachopsError, readonly pid: number, locale: Locale = 'en') {
    super(t(locale, 'supervisor.restart_refused', { service, problem: problem.message, pid }), { hint: problem.hint ?? t(locale, 'supervisor.restart_refused_hint', { service }) });
  }
}

/** The started process does not carry its ownership mark (it replaced its environment): teachops could not prove it owns it later. */
export class MarkLostError extends TeachopsError {
  readonly code = 'mark_lost';
  constructor(readonly service: string, readonly pid: number, variable: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.mark_lost', { service, pid, variable }), { hint: t(locale, 'supervisor.mark_lost_hint', { service, variable }) });
  }
}

/** A start from a CLI whose pid file cannot be written (logs disk full): the process is stopped again, not left unknown. */
export class PidFileWriteError extends TeachopsError {
  readonly code = 'pidfile_unwritable';
  constructor(readonly service: string, readonly pid: number, file: string, error: string, locale: Locale = 'en') {
    super(t(locale, 'supervisor.pidfile_unwritable', { service, pid, file, error }), { hint: t(locale, 'supervisor.pidfile_unwritable_hint', { service }) });
  }
}
