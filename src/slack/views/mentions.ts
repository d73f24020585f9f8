/**
 * Mentions are data until a view renders them: `U0123` / `W0123` a person, `S0123` a user group, `here` /
 * `channel`, or Slack markup as configured (`<!subteam^S0123>` in alerts.escalate_to). Rendered as markup, never
 * escaped (`&lt;@U0123&gt;` would show as text and ping nobody). Pure.
 */
import { esc } from './blocks.js';

export function mention(who: string): string {
  const id = who.startsWith('slack:') ? who.slice(6) : who;
  if (/^<[@#!][^<>]*>$/.test(id)) return id;
  if (/^S[A-Z0-9]{2,}$/.test(id)) return `<!subteam^${id}>`;
  if (id === 'here' || id === 'channel' || id === 'everyone') return `<!${id}>`;
  if (/^[UW][A-Z0-9]{2,}$/.test(id)) return `<@${id}>`;
  return esc(id);
}

export function mentions(list: readonly string[]): string {
  return list.map(mention).join(' ');
}
