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
import { environHas } from '../util/proc-environ.js';
import { redact } from '../util/redact.js';
import { CommandNotFoundError, CwdMissingError, MissingEnvError, PortInUseError } from './errors.js';
import type { ServiceEnv } from './env.js';
import { readPidFile, treeOf } from './pidfile.js';
import { serviceLogProblem } from './servicelog.js';
import { paths } from '../util/paths.js';

/** `checkPort: false` for a restart's check before it stops anything: the port is the service's own until then. */
export function preflight(config: Config, svc: ServiceConfig, senv: ServiceEnv, checkPort = true): TeachopsError[] {
  const problems: TeachopsError[] = [];
  if (checkPort && svc.port !== null) {
    const p = portProblem(config, svc, svc.port);
    if (p) problems.push(p);
  }
  const cwdOk = isDir(svc.cwd);
  if (!cwdOk) problems.push(new CwdMissingError(svc.name, svc.cwd, config.locale));
  const cmd = commandProblem(svc, senv.env.PATH ?? '', cwdOk, config.locale);
  if (cmd) problems.push(cmd);
  if (senv.error) problems.push(senv.error);
  const missing = senv.required.filter((name) => !senv.env[name]);
  if (missing.length > 0) problems.push(new MissingEnvError(svc.name, missing, senv.requiredFile, senv.envFileExists, config.locale));
  const log = serviceLogProblem(svc.name, paths.serviceLog(config.logs_dir, svc.name), config.locale);
  if (log) problems.push(log);
  return problems;
}

function portProblem(config: Config, svc: ServiceConfig, port: number): PortInUseError | undefined {
  const holder = findPortListener(port);
  if (!holder) return undefined;
  const portVar = svc.port_env ? { name: svc.port_env, file: config.env_file } : undefined;
  if (holder.pid === undefined) return new PortInUseError(svc.name, port, {}, config.locale, portVar);
  const command = redact((holder.argv ?? []).join(' '));
  return new PortInUseError(svc.name, port, { pid: holder.pid, command, service: ownServiceHolding(config, holder.pids) }, config.locale, portVar);
}

/** The teachops service whose processes (carrying its instance's mark) hold the port, if any. */
function ownServiceHolding(config: Config, pids: number[]): string | undefined {
  for (const name of config.serviceNames) {
    const read = readPidFile(config.logs_dir, name);
    const tree = read && 'record' in read ? treeOf(read.record) : undefined;
    if (tree && pids.some((p) => environHas(p, tree.mark) === true)) return name;
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
