/**
 * `teach doctor`: everything that would stop teachops or a service from working, checked up front and explained:
 * Node version, config, env keys, ports, commands, logs folder, open-file limit.
 */
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import type { Supervisor } from '../supervisor/types.js';
import { buildServiceEnv } from '../supervisor/env.js';
import { preflight } from '../supervisor/preflight.js';
import { isTeachopsError } from '../errors.js';

export type CheckLevel = 'ok' | 'warn' | 'fail';
export interface DoctorCheck {
  name: string;
  level: CheckLevel;
  detail: string;
  hint?: string;
}

const MIN_NODE = [20, 11];
const RECOMMENDED_NOFILE = 65536;

export function nodeCheck(tr: Translate, version = process.versions.node): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0]! || (major === MIN_NODE[0] && minor >= MIN_NODE[1]!);
  return ok
    ? { name: 'node', level: 'ok', detail: tr('doctor.node_ok', { version }) }
    : { name: 'node', level: 'fail', detail: tr('doctor.node_old', { version, min: MIN_NODE.join('.') }), hint: tr('doctor.node_hint') };
}

export function serviceChecks(config: Config, supervisor: Supervisor, tr: Translate, env: NodeJS.ProcessEnv): DoctorCheck[] {
  const running = new Map(supervisor.runtime().map((r) => [r.name, r]));
  const out: DoctorCheck[] = [];
  for (const name of config.serviceNames) {
    const svc = config.services[name]!;
    const rt = running.get(name);
    if (rt?.state === 'running') {
      out.push({ name: `service ${name}`, level: 'ok', detail: tr('doctor.service_running', { service: name, pid: rt.pid ?? '?', port: svc.port ?? '-' }) });
      continue;
    }
    const problems = preflight(config, svc, buildServiceEnv(svc, false, env, config.locale));
    if (problems.length === 0) out.push({ name: `service ${name}`, level: 'ok', detail: tr('doctor.service_ready', { service: name }) });
    for (const p of problems) {
      out.push({ name: `service ${name}`, level: 'fail', detail: p.message, ...(isTeachopsError(p) && p.hint ? { hint: p.hint } : {}) });
    }
  }
  return out;
}

export function logsCheck(config: Config, tr: Translate): DoctorCheck {
  try {
    mkdirSync(config.logs_dir, { recursive: true });
    accessSync(config.logs_dir, constants.W_OK);
    return { name: 'logs', level: 'ok', detail: tr('doctor.logs_ok', { dir: config.logs_dir }) };
  } catch (e) {
    return { name: 'logs', level: 'fail', detail: tr('doctor.logs_fail', { dir: config.logs_dir, error: (e as Error).message }), hint: tr('doctor.logs_hint') };
  }
}

export function nofileCheck(tr: Translate, limitsText?: string): DoctorCheck {
  let soft: number | undefined;
  try {
    const text = limitsText ?? readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    soft = m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : undefined;
  } catch {
    soft = undefined;
  }
  if (soft === undefined) return { name: 'ulimit -n', level: 'warn', detail: tr('doctor.nofile_unknown') };
  return soft >= RECOMMENDED_NOFILE
    ? { name: 'ulimit -n', level: 'ok', detail: tr('doctor.nofile_ok', { n: soft }) }
    : { name: 'ulimit -n', level: 'warn', detail: tr('doctor.nofile_low', { n: soft, rec: RECOMMENDED_NOFILE }), hint: tr('doctor.nofile_hint', { rec: RECOMMENDED_NOFILE }) };
}
