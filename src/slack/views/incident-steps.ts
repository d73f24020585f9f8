/**
 * A step of the incident message: its line (state, who, when, why) and below it what can be done with it (Done,
 * Run / Run again, Write / Edit, Skip). A step that is not needed (its phase's goal was met) or skipped has no
 * button: a stray "Run again" on a restart would drop the fallback that brought the service back. Pure.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { assertNever } from '../../errors.js';
import { localize, who } from '../../incidents/text.js';
import type { Incident, IncidentStep } from '../../incidents/types.js';
import { actions, button, esc, section, slackTime } from './blocks.js';
import { FAIL, OK, WORKING } from './emoji.js';
import { INCIDENT_DONE_ACTION, INCIDENT_RUN_ACTION, INCIDENT_SKIP_ACTION, INCIDENT_WRITE_ACTION, stepValue } from './incident-values.js';

const OPEN = ':white_large_square:';
export const SKIPPED = ':fast_forward:';
const NOT_NEEDED = ':heavy_minus_sign:';

function stepEmoji(s: IncidentStep): string {
  switch (s.state) {
    case 'open':
      return OPEN;
    case 'running':
      return WORKING;
    case 'done':
      return OK;
    case 'failed':
      return FAIL;
    case 'skipped':
      return SKIPPED;
    case 'not_needed':
      return NOT_NEEDED;
    default:
      return assertNever(s.state, 'step state');
  }
}

/** The step's main button: what moves it forward, if anything can. */
function mainButton(inc: Incident, s: IncidentStep, locale: Locale): Button | undefined {
  const tr = translator(locale);
  const value = stepValue(inc.id, s.id);
  const open = s.state === 'open' || s.state === 'failed';
  switch (s.kind) {
    case 'manual':
      return open ? button({ actionId: INCIDENT_DONE_ACTION, text: tr('incidents.btn_done'), value, style: 'primary' }) : undefined;
    case 'run':
      return open ? button({ actionId: INCIDENT_RUN_ACTION, text: tr(s.state === 'failed' ? 'incidents.btn_retry' : 'incidents.btn_run'), value, style: 'primary' }) : undefined;
    case 'text':
      // A skipped note may still be written later; a written one edited.
      return s.state === 'running' || s.state === 'not_needed' ? undefined : button({ actionId: INCIDENT_WRITE_ACTION, text: tr(s.state === 'done' ? 'incidents.btn_edit' : 'incidents.btn_write'), value });
    default:
      return assertNever(s.kind, 'step kind');
  }
}

function stepButtons(inc: Incident, s: IncidentStep, locale: Locale): Button[] {
  if (inc.state !== 'open' || s.state === 'running') return [];
  const main = mainButton(inc, s, locale);
  const skippable = s.state === 'open' || s.state === 'failed';
  const skip = skippable ? [button({ actionId: INCIDENT_SKIP_ACTION, text: translator(locale)('incidents.btn_skip'), value: stepValue(inc.id, s.id) })] : [];
  return [...(main ? [main] : []), ...skip];
}

export function stepStateText(s: IncidentStep, locale: Locale): string {
  const tr = translator(locale);
  switch (s.state) {
    case 'open':
      return tr('incidents.step_open');
    case 'running':
      return tr('incidents.step_running');
    case 'done':
      return tr('incidents.step_done_by', { who: who(s.by ?? '?', 'slack', locale), when: slackTime(s.at ?? 0) });
    case 'failed':
      return tr('incidents.step_failed', { detail: esc(s.detail ?? '') });
    case 'skipped':
      return tr('incidents.step_skipped_by', { who: who(s.by ?? '?', 'slack', locale), reason: esc(s.detail ?? '') });
    case 'not_needed':
      return tr('incidents.step_not_needed', { detail: esc(s.detail ?? '') });
    default:
      return assertNever(s.state, 'step state');
  }
}

/** The step's line, and below it its buttons (one row, so Skip sits beside the main action). */
export function stepBlocks(inc: Incident, s: IncidentStep, locale: Locale): KnownBlock[] {
  const optional = s.optional ? ` _(${translator(locale)('incidents.step_optional')})_` : '';
  let text = `${stepEmoji(s)} *${esc(localize(s.title, locale))}*${optional} — ${stepStateText(s, locale)}`;
  if (s.kind === 'text' && s.text) text += `\n>${esc(s.text).replace(/\n/g, '\n>')}`;
  else if (s.state === 'done' && s.detail) text += `\n_${esc(s.detail)}_`;
  const buttons = stepButtons(inc, s, locale);
  return [section(text, { block_id: `step:${s.id}` }), ...(buttons.length ? [actions(`do:${s.id}`, buttons)] : [])];
}
