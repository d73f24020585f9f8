// Mentions, channel links and dates are literal markup (`<@U0123>`, `<#C0123>`, `<!subteam^S1>`, `<!date^…>`):
// escaped (`&lt;@U0123&gt;`) they show as text and ping nobody. This finds every such escape in what the bot sent:
// Web API calls (messages, edits, ephemerals, views), response_url posts and Socket Mode acks.
import type { Json } from './types.js';

const ESCAPED = /&lt;[@#!]/g;
const FIELDS = ['text', 'blocks', 'attachments', 'view'] as const;

export interface Sent {
  what: string;
  body: Json;
}

/** One line per escaped mention / link / date found, naming where it was sent and showing it in context. */
export function escapedMarkup(sent: readonly Sent[]): string[] {
  const found: string[] = [];
  for (const s of sent) {
    for (const field of FIELDS) {
      const v = s.body[field];
      if (v === undefined) continue;
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      for (const m of text.matchAll(ESCAPED)) {
        const at = m.index ?? 0;
        found.push(`${s.what} ${field}: …${text.slice(Math.max(0, at - 40), at + 40)}…`);
      }
    }
  }
  return found;
}
