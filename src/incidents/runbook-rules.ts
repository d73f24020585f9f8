/**
 * Runbook rules that span keys, one small function each, reading the raw data defensively so their problems are
 * reported with the schema's in one pass: unknown `run` actions, duplicate ids, phases without steps, a step that
 * both runs an action and asks for text, more steps than one Slack message can show.
 */
import { t } from '../i18n/index.js';
import { closest } from '../util/suggest.js';
import type { RawProblem } from '../config/problems.js';
import { RUN_ACTIONS } from './runbook-schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function phasesOf(data: unknown): [number, Obj][] {
  const phases = isObj(data) ? data.phases : undefined;
  return Array.isArray(phases) ? phases.map((p, i): [number, unknown] => [i, p]).filter((e): e is [number, Obj] => isObj(e[1])) : [];
}

function stepsOf(phase: Obj): [number, Obj][] {
  return Array.isArray(phase.steps) ? phase.steps.map((s, i): [number, unknown] => [i, s]).filter((e): e is [number, Obj] => isObj(e[1])) : [];
}

export function runActionsAreKnown(data: unknown): RawProblem[] {
  const out: RawProblem[] = [];
  for (const [p, phase] of phasesOf(data))
    for (const [s, step] of stepsOf(phase)) {
      if (typeof step.run !== 'string' || (RUN_ACTIONS as readonly string[]).includes(step.run)) continue;
      const suggestion = closest(step.run, RUN_ACTIONS);
      const message = suggestion
        ? t('en', 'incidents.rb_unknown_run', { name: step.run, suggestion })
        : t('en', 'incidents.rb_unknown_run_list', { name: step.run, valid: RUN_ACTIONS.join(', ') });
      out.push({ path: ['phases', p, 'steps', s, 'run'], message });
    }
  return out;
}

export function idsAreUnique(data: unknown): RawProblem[] {
  const out: RawProblem[] = [];
  const phaseIds = new Map<string, number>();
  // Step ids are unique across the whole runbook: buttons, the CLI and the timeline name a step by its id alone.
  const stepIds = new Map<string, string>();
  for (const [p, phase] of phasesOf(data)) {
    if (typeof phase.id === 'string') {
      const first = phaseIds.get(phase.id);
      if (first === undefined) phaseIds.set(phase.id, p);
      else out.push({ path: ['phases', p, 'id'], message: t('en', 'incidents.rb_duplicate_phase', { id: phase.id, first: `phases[${first}]` }) });
    }
    for (const [s, step] of stepsOf(phase)) {
      if (typeof step.id !== 'string') continue;
      const first = stepIds.get(step.id);
      if (first === undefined) stepIds.set(step.id, `phases[${p}].steps[${s}]`);
      else out.push({ path: ['phases', p, 'steps', s, 'id'], message: t('en', 'incidents.rb_duplicate_step', { id: step.id, first }) });
    }
  }
  return out;
}

export function phasesHaveSteps(data: unknown): RawProblem[] {
  return phasesOf(data)
    .filter(([, phase]) => !Array.isArray(phase.steps) || phase.steps.length === 0)
    .map(([p, phase]) => ({
      path: ['phases', p, 'steps'],
      message: t('en', 'incidents.rb_no_steps', { id: typeof phase.id === 'string' ? phase.id : `phases[${p}]` }),
      ...(phase.steps === undefined ? { at: { path: ['phases', p], part: 'value' as const } } : {}),
    }));
}

export function stepsDoOneThing(data: unknown): RawProblem[] {
  const out: RawProblem[] = [];
  for (const [p, phase] of phasesOf(data))
    for (const [s, step] of stepsOf(phase))
      if (step.run !== undefined && step.input !== undefined)
        out.push({ path: ['phases', p, 'steps', s, 'input'], message: t('en', 'incidents.rb_run_and_input'), at: { path: ['phases', p, 'steps', s, 'input'], part: 'key' } });
  return out;
}

export function hasPhases(data: unknown): RawProblem[] {
  const phases = isObj(data) ? data.phases : undefined;
  return Array.isArray(phases) && phases.length === 0 ? [{ path: ['phases'], message: t('en', 'incidents.rb_no_phases') }] : [];
}

/**
 * The incident message is one Slack message (50 blocks): a header, the fields, the buttons, a line per phase and
 * up to two blocks per step (its line and its buttons). A runbook that cannot be shown whole is refused here, not
 * by Slack at 3 a.m.
 */
export const MESSAGE_BLOCKS = 50;
const FIXED_BLOCKS = 3;

export function fitsOneMessage(data: unknown): RawProblem[] {
  const phases = phasesOf(data);
  const steps = phases.reduce((n, [, p]) => n + stepsOf(p).length, 0);
  const max = Math.floor((MESSAGE_BLOCKS - FIXED_BLOCKS - phases.length) / 2);
  return steps > max ? [{ path: ['phases'], message: t('en', 'incidents.rb_too_many_steps', { steps, phases: phases.length, max }) }] : [];
}

export function checkRunbookRules(data: unknown): RawProblem[] {
  return [...hasPhases(data), ...phasesHaveSteps(data), ...idsAreUnique(data), ...runActionsAreKnown(data), ...stepsDoOneThing(data), ...fitsOneMessage(data)];
}
