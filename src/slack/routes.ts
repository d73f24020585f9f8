/**
 * The route table types: a `/teach` subcommand is a `CommandRoute`, a button kind is an `ActionRoute`, each in its
 * own file and listed once in registry.ts. Matching is a lookup in that table (never a switch on the text), and
 * anything unknown gets the help with the closest command.
 */
import type { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';
import { closest } from '../util/suggest.js';
import type { ActionContext, CommandContext, Interaction, Outcome } from './context.js';
import { decodeValue } from './values.js';

export interface CommandRoute {
  /** the first word after /teach */
  name: string;
  aliases?: readonly string[];
  /** catalogue keys: usage line ("restart <svc|all>") and one-line description */
  usage: MessageKey;
  summary: MessageKey;
  /** `args` are the words after the name; the listener has already acked and checked the channel */
  run(ctx: CommandContext, args: string[]): Promise<Outcome>;
}

/** Who may click: operators (the default: anything that changes something), or anyone (the handler decides). */
export type ActionAccess = 'operators' | 'anyone';

export interface ActionRoute {
  actionId: string;
  who: ActionAccess;
  run(ctx: ActionContext, rawValue: string | undefined): Promise<Outcome>;
}

/** A modal submission (`view_submission`) by the modal's callback_id. */
export interface ViewRoute {
  callbackId: string;
  /** the channel the modal acts for, read from its private_metadata (checked against access.channels) */
  channelOf(privateMetadata: string): string;
  /** `errors` (block_id -> message) keeps the modal open showing them next to the fields; otherwise it closes */
  run(ctx: Interaction, view: { privateMetadata: string; values: ViewValues }): Promise<Outcome & { errors?: Record<string, string> }>;
}

export type ViewValues = Record<string, Record<string, { value?: string | null }>>;

export function defineCommand(route: CommandRoute): CommandRoute {
  return route;
}

/** An action whose button value is decoded through `value` before `run` sees it. */
export function defineAction<S extends z.ZodType>(def: {
  actionId: string;
  value: S;
  /** default 'operators' */
  who?: ActionAccess;
  run(ctx: ActionContext, value: z.output<S>): Promise<Outcome>;
}): ActionRoute {
  return { actionId: def.actionId, who: def.who ?? 'operators', run: (ctx, raw) => def.run(ctx, decodeValue(def.value, raw, def.actionId)) };
}

export type CommandMatch = { route: CommandRoute; args: string[] } | { route: undefined; word: string; suggestion: string | undefined };

export function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

export function matchCommand(routes: readonly CommandRoute[], text: string, fallback: CommandRoute): CommandMatch {
  const [first, ...args] = splitWords(text);
  if (first === undefined) return { route: fallback, args: [] };
  const word = first.toLowerCase();
  const route = routes.find((r) => r.name === word || r.aliases?.includes(word));
  if (route) return { route, args };
  return { route: undefined, word: first, suggestion: closest(word, routes.map((r) => r.name)) };
}
