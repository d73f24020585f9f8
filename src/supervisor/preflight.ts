/**
 * Everything that would make a start fail for a reason we can name up front, all checked before spawning so the
 * operator gets every problem at once: port taken (and by whom), cwd missing, command not found, required env
 * missing.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Config, Locale, ServiceConfig } from '../config/types.js';
import type { TeachopsError } from '../errors.js';
import { findPortListener } from '../probes/ports.js';
import { readProcStat } from '../util/proc.js';
import { CommandNotFoundError, CwdMissingError, MissingEnvError, PortInUseError } from './errors.js';
import type { ServiceEnv } from './env.js';
import { readPidFile, verifyRecord } from './pidfile.js';
import { serviceLogProblem } from './servicelog.js';
import { paths } from '../util/paths.js';

export function preflight(config: Config, svc: ServiceConfig, senv: ServiceEnv): TeachopsError[] {
  const problems: TeachopsError[] = [];
  if (svc.port !== null) {
    const p = portProblem(config, svc, svc.port);
    if (p) problems.push(p);
  }
  const cwdOk = isDir(svc.cwd);
  if (!cwdOk) problems.push(new CwdMissingError(svc.name, svc.cwd, config.locale));
  const cmd = commandProblem(svc, senv.env.PATH ?? '', cwdOk, config.locale);
  if (cmd) problems.push(cmd);
  if (senv.error) problems.push(senv.error);
  const missing = svc.required_env.filter((name) => !senv.env[name]);
  if (missing.length > 0) problems.push(new MissingEnvError(svc.name, missing, svc.env_file, senv.envFileExists, config.locale));
  const log = serviceLogProblem(svc.name, paths.serviceLog(config.logs_dir, svc.name), config.locale);
  if (log) problems.push(log);
  return problems;
}

function portProblem(config: Config, svc: ServiceConfig, port: number): PortInUseError | undefined {
  const holder = findPortListener(port);
  if (!holder) return undefined;
  if (holder.pid === undefined) return new PortInUseError(svc.name, port, {}, config.locale);
  const command = (holder.argv ?? []).join(' ');
  return new PortInUseError(svc.name, port, { pid: holder.pid, command, service: ownServiceHolding(config, holder.pids) }, config.locale);
}

/** The teachops service whose verified pid (or a process in its group) holds the port, if any. */
function ownServiceHolding(config: Config, pids: number[]): string | undefined {
  for (const name of config.serviceNames) {
    const read = readPidFile(config.logs_dir, name);
    if (!read || !('record' in read) || verifyRecord(read.record) !== 'match') continue;
    const { pid, pgid } = read.record;
    if (pids.some((p) => p === pid || readProcStat(p)?.pgid === pgid)) return name;
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Same lookup the kernel/libuv does: a name with a slash is a path (relative to cwd), otherwise search PATH. */
function commandProblem(svc: ServiceConfig, pathVar: string, cwdOk: boolean, locale: Locale): CommandNotFoundError | undefined {
  const program = svc.argv[0] ?? '';
  if (program.includes('/')) {
    const file = isAbsolute(program) ? program : resolve(svc.cwd, program);
    if (!cwdOk && !isAbsolute(program)) return undefined; // already reported as a missing cwd
    return isExecutableFile(file) ? undefined : new CommandNotFoundError(svc.name, program, file, locale);
  }
  const found = pathVar.split(delimiter).some((dir) => dir !== '' && isExecutableFile(join(dir, program)));
  return found ? undefined : new CommandNotFoundError(svc.name, program, undefined, locale);
}
