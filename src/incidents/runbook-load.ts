/**
 * Loading runbook.yaml with the config loader's machinery: parse keeping positions -> interpolate ${VAR} ->
 * schema + rules (every problem at once, each with file:line:col and dotted path) -> normalize.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { t } from '../i18n/index.js';
import { humanizeIssue } from '../config/humanize.js';
import { interpolateDocument } from '../config/interpolate.js';
import { offsetOf, positionOf } from '../config/locate.js';
import { ConfigError, displayPath, dottedPath, type ConfigProblem, type RawProblem } from '../config/problems.js';
import { isRunAction, runbookSchema, type RawRunbook } from './runbook-schema.js';
import { checkRunbookRules } from './runbook-rules.js';
import type { Runbook, RunbookStep } from './types.js';

export interface RunbookLoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function loadRunbook(file: string, opts: RunbookLoadOptions = {}): Runbook {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const shown = displayPath(abs, cwd);
    throw new ConfigError(abs, [], { message: t('en', 'incidents.rb_not_found', { file: shown, reason: (e as Error).message }), hint: t('en', 'incidents.rb_not_found_hint'), cause: e });
  }
  return parseRunbook(text, { file: abs, ...opts });
}

export function parseRunbook(text: string, opts: { file: string } & RunbookLoadOptions): Runbook {
  const file = resolve(opts.file);
  const cwd = opts.cwd ?? process.cwd();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, path: string, message: string): ConfigProblem => ({ file, ...positionOf(lineCounter, offset), path, message });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => at(e.pos[0], '', t('en', 'config.yaml_syntax', { message: e.message.split('\n')[0]! })));
    throw ConfigError.invalid(file, problems, cwd);
  }
  const unset = interpolateDocument(doc, opts.env ?? process.env);
  const data: unknown = doc.toJS() ?? {};
  const parsed = runbookSchema.safeParse(data, { reportInput: true });
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => humanizeIssue(issue, data, runbookSchema));
  const ruled = checkRunbookRules(data);
  // A rule says it better than the schema at the same path ("phase has no steps" over "missing required key").
  const ruledPaths = new Set(ruled.map((p) => dottedPath(p.path)));
  const raw = dedupe([...unset, ...schemaProblems.filter((p) => !ruledPaths.has(dottedPath(p.path))), ...ruled]);
  if (raw.length > 0 || !parsed.success) {
    const located = raw.map((p) => {
      const target = p.at ?? { path: p.path, part: 'value' as const };
      return at(offsetOf(doc, target.path, target.part), dottedPath(p.path), p.message);
    });
    throw ConfigError.invalid(file, located, cwd);
  }
  return normalizeRunbook(parsed.data, file);
}

function normalizeRunbook(raw: RawRunbook, file: string): Runbook {
  return {
    file,
    notify: { channel: raw.notify.channel, mention: [...raw.notify.mention] },
    phases: raw.phases.map((p) => ({
      id: p.id,
      title: p.title,
      due_ms: p.due,
      ...(p.milestone ? { milestone: p.milestone } : {}),
      steps: p.steps.map((s): RunbookStep => {
        // The rules have refused any other `run`, so the guard only narrows the type.
        const optional = s.optional === true ? { optional: true } : {};
        if (isRunAction(s.run)) return { id: s.id, title: s.title, kind: 'run', run: s.run, ...optional };
        return { id: s.id, title: s.title, kind: s.input === 'text' ? 'text' : 'manual', ...optional };
      }),
    })),
  };
}

function dedupe(problems: RawProblem[]): RawProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${dottedPath(p.path)}\0${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
