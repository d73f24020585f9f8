/**
 * Who may change things. On the host (CLI) the shell user already controls the processes, so the CLI is trusted;
 * from Slack only `access.operators` may mutate, and with none configured every mutation is refused.
 */
import type { Config } from '../config/types.js';
import type { Actor } from './types.js';
import { ChannelNotAllowedError, NoOperatorsError, NotOperatorError } from './errors.js';

export function assertMayMutate(config: Config, actor: Actor): void {
  if (actor.source !== 'slack') return;
  const ops = config.access.operators;
  if (ops.length === 0) throw new NoOperatorsError(config.locale);
  if (!ops.includes(actor.id)) throw new NotOperatorError(actor.id, ops, config.locale);
}

export function assertChannelAllowed(config: Config, channel: string): void {
  const allowed = config.access.channels;
  if (allowed.length > 0 && !allowed.includes(channel)) throw new ChannelNotAllowedError(channel, allowed, config.locale);
}

export function isOperator(config: Config, actor: Actor): boolean {
  return actor.source !== 'slack' || config.access.operators.includes(actor.id);
}
