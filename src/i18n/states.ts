/** The words for a service's state, for every adapter (terminal, Slack, reports). */
import type { Translate, MessageKey } from './index.js';
import type { DisplayState } from '../ops/status.js';

const STATE_KEYS: Record<DisplayState, MessageKey> = {
  running: 'common.state_running',
  unhealthy: 'common.state_unhealthy',
  stopped: 'common.state_stopped',
  crashed: 'common.state_crashed',
  stale: 'common.state_stale',
  orphaned: 'common.state_orphaned',
  fatal: 'common.state_fatal',
};

export function stateLabel(state: DisplayState, tr: Translate): string {
  return tr(STATE_KEYS[state]);
}
