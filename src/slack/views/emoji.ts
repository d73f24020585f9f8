/** One emoji per display state, the same in every locale (Slack emoji names, rendered by the client). */
import type { DisplayState } from '../../ops/status.js';
import { assertNever } from '../../errors.js';

export function stateEmoji(state: DisplayState): string {
  switch (state) {
    case 'running':
      return ':large_green_circle:';
    case 'unhealthy':
      return ':large_yellow_circle:';
    case 'stopped':
      return ':white_circle:';
    case 'crashed':
      return ':red_circle:';
    case 'orphaned':
      return ':ghost:';
    case 'stale':
      return ':grey_question:';
    case 'fatal':
      return ':boom:';
    default:
      return assertNever(state, 'state');
  }
}

export const OK = ':white_check_mark:';
export const FAIL = ':x:';
export const WORKING = ':hourglass_flowing_sand:';
export const WARN = ':warning:';
export const NOTE = ':information_source:';
