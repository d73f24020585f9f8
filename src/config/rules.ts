/**
 * Rules that span several keys, one small function each. They read the raw (interpolated, not yet validated)
 * data defensively, so their problems are reported together with the schema's in one pass.
 */
import { t } from '../i18n/index.js';
import { closest } from '../util/suggest.js';
import { CommandSyntaxError, splitCommand } from './command.js';
import { findCycles } from './deps.js';
import type { RawProblem } from './problems.js';
import { SERVICE_NAME } from './schema.js';

type Services = [name: string, service: Record<string, unknown>][];

function servicesOf(data: unknown): Services {
  const services = (data as { services?: unknown } | null)?.services;
  if (services === null || typeof services !== 'object' || Array.isArray(services)) return [];
  return Object.entries(services).filter((e): e is [string, Record<string, unknown>] => e[1] !== null && typeof e[1] === 'object' && !Array.isArray(e[1]));
}

function dependsOn(service: Record<string, unknown>): unknown[] {
  return Array.isArray(service.depends_on) ? service.depends_on : [];
}

export function serviceNamesAreValid(services: Services): RawProblem[] {
  return services
    .filter(([name]) => !SERVICE_NAME.test(name))
    .map(([name]) => ({ path: ['services', name], message: t('en', 'config.bad_service_name', { name }), at: { path: ['services', name], part: 'key' as const } }));
}

export function dependenciesExist(services: Services): RawProblem[] {
  const names = services.map(([n]) => n);
  const problems: RawProblem[] = [];
  for (const [name, service] of services) {
    dependsOn(service).forEach((dep, i) => {
      if (typeof dep !== 'string' || names.includes(dep)) return;
      const suggestion = closest(dep, names.filter((n) => n !== name));
      const message = suggestion
        ? t('en', 'config.unknown_dependency', { name: dep, suggestion })
        : t('en', 'config.unknown_dependency_list', { name: dep, valid: names.join(', ') });
      problems.push({ path: ['services', name, 'depends_on', i], message });
    });
  }
  return problems;
}

export function noDependencyCycles(services: Services): RawProblem[] {
  const graph = new Map(services.map(([name, s]) => [name, dependsOn(s).filter((d): d is string => typeof d === 'string')]));
  return findCycles(graph).map((cycle) => ({
    path: ['services', cycle[0]!, 'depends_on'],
    message: t('en', 'config.dependency_cycle', { cycle: cycle.join(' -> ') }),
  }));
}

export function portsAreUnique(services: Services): RawProblem[] {
  const owner = new Map<number, string>();
  const problems: RawProblem[] = [];
  for (const [name, service] of services) {
    if (typeof service.port !== 'number') continue;
    const first = owner.get(service.port);
    if (first === undefined) owner.set(service.port, name);
    else problems.push({ path: ['services', name, 'port'], message: t('en', 'config.duplicate_port', { port: service.port, first, second: name }) });
  }
  return problems;
}

/** The health check speaks HTTP; `ftp://` or `localhost:8001` (a "URL" with scheme "localhost:") cannot work. */
export function healthUrlsAreHttp(services: Services): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const [name, service] of services) {
    const url = (service.health as { url?: unknown } | null | undefined)?.url;
    if (typeof url !== 'string' || /^https?:\/\//i.test(url) || !URL.canParse(url)) continue; // unparsable: the schema says so
    const message = t('en', 'config.expected_got', { expected: t('en', 'config.want_http_url'), got: JSON.stringify(url) });
    problems.push({ path: ['services', name, 'health', 'url'], message });
  }
  return problems;
}

export function commandsSplit(services: Services): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const [name, service] of services) {
    if (typeof service.command !== 'string' || service.command === '') continue; // the schema covers these
    const path = ['services', name, 'command'];
    try {
      if (splitCommand(service.command).length === 0) problems.push({ path, message: t('en', 'config.empty_command') });
    } catch (e) {
      if (!(e instanceof CommandSyntaxError)) throw e;
      problems.push({ path, message: t('en', 'config.unterminated_quote', { quote: e.quote }) });
    }
  }
  return problems;
}

const RULES = [serviceNamesAreValid, dependenciesExist, noDependencyCycles, portsAreUnique, healthUrlsAreHttp, commandsSplit];

export function checkRules(data: unknown): RawProblem[] {
  const services = servicesOf(data);
  return RULES.flatMap((rule) => rule(services));
}
