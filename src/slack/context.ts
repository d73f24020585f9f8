/**
 * What listeners get. Commands and actions never see Bolt: they get the deps (operations, config, catalogue,
 * store, log), who asked and where, and a `Reply` to answer with. That keeps them small and testable.
 */
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import type { Actor, OpsContext } from '../ops/types.js';
import type { AuditOutcome } from '../store/index.js';
import type { Reply } from './reply.js';
import type { Inflight } from '../util/inflight.js';
import type { StatusSource } from '../ops/status-shared.js';

export interface SlackDeps {
  ops: OpsContext;
  config: Config;
  tr: Translate;
  /** teachops' own log (never raw payloads or tokens) */
  log: (line: string) => void;
  inflight: Inflight;
  /** the status of all services (null) or one, shared between overlapping requests */
  status: StatusSource;
  /** help lines for every registered command, in the route table's order */
  help: () => { usage: string; summary: string }[];
  /** milliseconds between in-place progress updates of one message */
  progressIntervalMs: number;
  /** the bot's user name as Slack knows it (auth.test at connect), for hints like `/invite @name` */
  botName: () => string;
}

export interface Interaction {
  deps: SlackDeps;
  actor: Actor;
  user: string;
  channel: string;
  reply: Reply;
}

export interface CommandContext extends Interaction {
  /** the whole text after `/teach` */
  text: string;
}

export interface ActionContext extends Interaction {
  actionId: string;
  /** the message the button is on (absent for an ephemeral one) */
  messageTs: string | undefined;
  isEphemeral: boolean;
  /** for `reply.openModal` (Slack accepts it for 3 s after the click) */
  triggerId: string | undefined;
}

/** What a listener reports for the audit log; thrown errors are recorded by audited() itself. */
export interface Outcome {
  outcome: AuditOutcome;
  detail?: string | null;
}

export const OK: Outcome = { outcome: 'ok' };
