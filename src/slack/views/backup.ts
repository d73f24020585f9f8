/** `/teach backup` progress and result. Pure. */
import type { KnownBlock } from '@slack/types';
import type { Translate } from '../../i18n/index.js';
import type { BackupResult } from '../../backup/index.js';
import { formatBytes, formatDuration } from '../../config/units.js';
import { context, esc, message, section, type SlackMessage } from './blocks.js';
import { FAIL, OK, WORKING } from './emoji.js';

export function backupRunningMessage(user: string, tr: Translate): SlackMessage {
  const text = tr('slack.backup_running', { user: `<@${user}>` });
  return message(text, [section(`${WORKING} ${text}`)]);
}

export function backupResultMessage(r: BackupResult, user: string, tr: Translate): SlackMessage {
  if (!r.ok) {
    const text = tr('slack.backup_failed', { message: r.error.message });
    const blocks: KnownBlock[] = [section(`${FAIL} ${esc(text)}`)];
    if (r.error.hint) blocks.push(context([tr('slack.fix', { hint: esc(r.error.hint) })]));
    return message(text, blocks);
  }
  const name = r.archive.split('/').pop() ?? r.archive;
  const text = tr('slack.backup_done', { archive: name, size: formatBytes(r.bytes), files: r.files, duration: formatDuration(r.ms), user: `<@${user}>` });
  const blocks: KnownBlock[] = [section(`${OK} ${esc(text)}`)];
  if (r.removed.length > 0) blocks.push(context([esc(tr('slack.backup_pruned', { n: r.removed.length }))]));
  return message(text, blocks);
}
