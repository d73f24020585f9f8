// A readable picture of what a Slack user would see, for timeout messages: the failing test then shows
// the channel instead of "predicate never matched".
import type { SlackStore } from './store.js';
import type { StoredEphemeral, StoredMessage } from './types.js';

const MAX_TEXT = 300;

function short(s: string | undefined): string {
  if (s === undefined) return '(no text)';
  const one = s.replace(/\n/g, '\\n');
  return one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT)}…` : one;
}

/** The button labels and action ids of a message, so a missing button is visible in the dump. */
function buttons(blocks: unknown[] | undefined): string {
  const found: string[] = [];
  for (const b of blocks ?? []) {
    const els = (b as { elements?: unknown[]; accessory?: unknown }).elements ?? [];
    const acc = (b as { accessory?: unknown }).accessory;
    for (const e of [...els, acc]) {
      const el = e as { type?: string; action_id?: string; text?: { text?: string } } | undefined;
      if (el?.type === 'button') found.push(`[${el.text?.text ?? '?'}](${el.action_id ?? '?'})`);
    }
  }
  return found.length > 0 ? ` buttons: ${found.join(' ')}` : '';
}

function line(m: StoredMessage | StoredEphemeral, indent: string): string {
  const edits = m.edits.length > 0 ? ` (${m.edits.length} edits)` : '';
  return `${indent}${m.ts} via ${m.via}${edits}: ${short(m.text)}${buttons(m.blocks)}`;
}

export function dumpChannel(store: SlackStore, channel: string): string {
  const out = [`#${channel}:`];
  const msgs = store.messages(channel);
  if (msgs.length === 0) out.push('  (no messages)');
  for (const m of msgs) {
    out.push(line(m, '  '));
    for (const r of m.replies) out.push(line(r, '    ↳ '));
  }
  const eph = store.ephemerals().filter((e) => e.channel === channel);
  for (const e of eph) out.push(line(e, `  [ephemeral to ${e.user}] `));
  return out.join('\n');
}

export function dumpAll(store: SlackStore): string {
  const chans = new Set([...store.channels(), ...store.ephemerals().map((e) => e.channel)]);
  if (chans.size === 0) return '(the workspace has no messages)';
  return [...chans].map((c) => dumpChannel(store, c)).join('\n');
}
