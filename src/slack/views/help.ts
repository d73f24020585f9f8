/** `/teach help` and the answer to anything unknown: every command with a one-line description. Pure. */
import type { Translate } from '../../i18n/index.js';
import { context, esc, header, message, section, type SlackMessage } from './blocks.js';

export interface HelpEntry {
  usage: string;
  summary: string;
}

export interface HelpInput {
  commands: HelpEntry[];
  /** what the user typed when it matched no command */
  unknown?: string;
  suggestion?: string;
}

export function helpMessage(input: HelpInput, tr: Translate): SlackMessage {
  const blocks = [];
  const lead: string[] = [];
  if (input.unknown !== undefined) {
    lead.push(tr('slack.unknown_command', { text: esc(input.unknown) }));
    if (input.suggestion) lead.push(tr('slack.did_you_mean', { suggestion: input.suggestion }));
    blocks.push(section(lead.join(' ')));
  }
  blocks.push(header(tr('slack.help_title')));
  const lines = input.commands.map((c) => `\`/teach ${c.usage}\` — ${c.summary}`);
  // One section holds up to 3000 characters; split the list across sections when it grows.
  let chunk: string[] = [];
  for (const line of lines) {
    if ([...chunk, line].join('\n').length > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  blocks.push(context([tr('slack.help_footer')]));
  const text = [...lead, tr('slack.help_title'), ...input.commands.map((c) => `/teach ${c.usage}`)].join('\n');
  return message(text, blocks);
}
