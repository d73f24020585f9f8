/** `/teach help` (also a bare `/teach`): every command with a one-line description, in the configured locale. */
import { defineCommand } from '../routes.js';
import { OK } from '../context.js';
import { helpMessage } from '../views/help.js';

export const help = defineCommand({
  name: 'help',
  aliases: ['?', '-h', '--help'],
  usage: 'slack.usage_help',
  summary: 'slack.summary_help',
  async run(ix) {
    await ix.reply.ephemeral(helpMessage({ commands: ix.deps.help() }, ix.deps.tr));
    return OK;
  },
});
