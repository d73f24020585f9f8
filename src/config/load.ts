/**
 * Loading services.yaml: read -> parse (keeping node positions) -> interpolate ${VAR} -> validate (schema and
 * cross-field rules, every problem at once) -> normalize. Any problem throws one ConfigError listing them all.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { t } from '../i18n/index.js';
import { humanizeIssue } from './humanize.js';
import { interpolateDocument } from './interpolate.js';
import { interpolationEnv } from './env-file.js';
import { offsetOf, positionOf } from './locate.js';
import { normalizeConfig } from './normalize.js';
import { ConfigError, displayPath, dottedPath, type ConfigProblem, type RawProblem } from './problems.js';
import { checkRules } from './rules.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';
import { resolveConfigPath } from './resolve.js';
import { rememberSecrets } from './secrets.js';

// The loader's public surface in one import for the entry points.
export { ConfigError, formatProblem, type ConfigProblem } from './problems.js';
export { formatConfigSummary } from './summary.js';

export { DEFAULT_CONFIG_PATH, resolveConfigPath } from './resolve.js';

export interface LoadOptions {
  /** wins over TEACHOPS_CONFIG (the CLI passes --config here) */
  file?: string;
  /** for TEACHOPS_CONFIG and ${VAR} interpolation; default process.env */
  env?: NodeJS.ProcessEnv;
  /** relative file paths resolve against this; default process.cwd() */
  cwd?: string;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const file = resolveConfigPath(opts);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw ConfigError.notFound(file, cwd, e);
    const reason = (e as Error).message;
    throw new ConfigError(file, [], { message: t('en', 'config.unreadable', { file: displayPath(file, cwd), reason }), hint: t('en', 'config.not_found_hint'), cause: e });
  }
  const config = parseConfig(text, { file, env: opts.env ?? process.env, cwd });
  // Every way out of the process redacts this config's secret values from now on.
  rememberSecrets(config, opts.env ?? process.env);
  return config;
}

/** The pipeline on text already read; `file` is where relative paths resolve and what problems name. */
export function parseConfig(text: string, opts: { file: string; env?: NodeJS.ProcessEnv; cwd?: string }): Config {
  const file = resolve(opts.file);
  const cwd = opts.cwd ?? process.cwd();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, path: string, message: string): ConfigProblem => ({ file, ...positionOf(lineCounter, offset), path, message });

  if (doc.errors.length > 0) {
    // The tree after a syntax error is a guess; reporting schema problems against it would only confuse.
    const problems = doc.errors.map((e) => at(e.pos[0], '', t('en', 'config.yaml_syntax', { message: firstLine(e.message) })));
    throw ConfigError.invalid(file, problems, cwd);
  }

  const fromFile = interpolationEnv(doc, file, opts.env ?? process.env);
  const refs = new Map<string, string[]>();
  const unset = interpolateDocument(doc, fromFile.env, refs).map((p) => withFile(p, displayPath(fromFile.file, cwd)));
  const data: unknown = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(data, { reportInput: true });
  const found = [...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => humanizeIssue(issue, data, configSchema))), ...checkRules(data)];
  // A value emptied by an unset variable is wrong for that reason alone; its schema complaint would be noise.
  const unsetPaths = new Set(unset.map((p) => dottedPath(p.path)));
  const raw = [...fromFile.problems, ...unset, ...found.filter((p) => !unsetPaths.has(dottedPath(p.path)))];

  if (raw.length > 0 || !parsed.success) throw ConfigError.invalid(file, dedupe(raw).map((p) => locateProblem(doc, p, at)), cwd);
  return normalizeConfig(parsed.data, file, { envFile: fromFile.file, refs });
}

/** "VAR is not set": the message also names the env file it could have come from. */
function withFile(p: RawProblem, envFile: string): RawProblem {
  const name = /variable (\w+) is not set/.exec(p.message)?.[1];
  return name ? { ...p, message: t('en', 'config.env_unset_in_file', { name, file: envFile }) } : p;
}

function locateProblem(doc: Document, p: RawProblem, at: (offset: number, path: string, message: string) => ConfigProblem): ConfigProblem {
  const target = p.at ?? { path: p.path, part: 'value' as const };
  return at(offsetOf(doc, target.path, target.part), dottedPath(p.path), p.message);
}

function dedupe(problems: RawProblem[]): RawProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${dottedPath(p.path)}\0${p.message}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
