/**
 * Small Block Kit constructors that keep every piece inside Slack's limits (SLACK.md), so the views above them
 * can pass any text (a service name from the config, a log line) without checking lengths themselves.
 */
import { escapeMrkdwn } from '../../util/mrkdwn.js';
import type { ActionsBlock, Button, ConfirmationDialog, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';

/** What every view returns: blocks plus the plain-text fallback Slack shows in notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40000,
} as const;

/** Cuts `s` to `max` characters, marking the cut with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return max <= 1 ? s.slice(0, max) : `${s.slice(0, max - 1)}…`;
}

/** Keeps the end of `s` (for logs the last lines matter most), marking the cut at the start. */
export function clipStart(s: string, max: number): string {
  if (s.length <= max) return s;
  return `…${s.slice(s.length - max + 1)}`;
}

/** Slack mrkdwn control characters in user-controlled text (service titles, log lines) are escaped. */
export const esc = escapeMrkdwn;

export const plain = (text: string, max: number = LIMITS.sectionText): PlainTextElement => ({ type: 'plain_text', text: clip(text || ' ', max), emoji: true });
export const mrkdwn = (text: string, max: number = LIMITS.sectionText): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text || ' ', max) });

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.header) };
}

export function section(text: string, extra: Partial<Pick<SectionBlock, 'fields' | 'accessory' | 'block_id'>> = {}): SectionBlock {
  const fields = extra.fields?.slice(0, LIMITS.fields).map((f) => (f.type === 'mrkdwn' ? mrkdwn(f.text, LIMITS.field) : plain(f.text, LIMITS.field)));
  return { type: 'section', text: mrkdwn(text), ...extra, ...(fields ? { fields } : {}) };
}

export function context(texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export const divider = (): DividerBlock => ({ type: 'divider' });

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

export interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(b: ButtonSpec): Button {
  if (b.value.length > LIMITS.buttonValue) throw new Error(`button value of ${b.value.length} chars exceeds Slack's ${LIMITS.buttonValue}`);
  return {
    type: 'button',
    action_id: b.actionId,
    text: plain(b.text, LIMITS.buttonText),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm ? { confirm: b.confirm } : {}),
  };
}

export function confirmDialog(d: { title: string; text: string; confirm: string; deny: string; danger?: boolean }): ConfirmationDialog {
  return {
    title: plain(d.title, LIMITS.confirmTitle),
    text: plain(d.text, LIMITS.confirmText),
    confirm: plain(d.confirm, LIMITS.confirmButton),
    deny: plain(d.deny, LIMITS.confirmButton),
    ...(d.danger ? { style: 'danger' as const } : {}),
  };
}

/** A code block whose content fits a section: the last lines are kept when the whole does not fit. */
export function codeBlock(lines: string[], max: number = LIMITS.sectionText): string {
  const fence = '```';
  const body = clipStart(lines.map((l) => l.replace(/```/g, "'''")).join('\n'), max - fence.length * 2 - 2);
  return `${fence}\n${body || ' '}\n${fence}`;
}

/** `<!date^...>` renders in each reader's own time zone; the fallback is UTC. */
export function slackTime(epochMs: number, format = '{time}'): string {
  const iso = new Date(epochMs).toISOString();
  return `<!date^${Math.floor(epochMs / 1000)}^${format}|${iso.slice(11, 16)} UTC>`;
}

/** Keeps a message inside the block and text limits whatever the input (many services, long errors). */
export function message(text: string, blocks: KnownBlock[]): SlackMessage {
  return { text: clip(text, 3000), blocks: blocks.slice(0, LIMITS.blocks) };
}
