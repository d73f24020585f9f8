/**
 * `notify`: the incident summary to the runbook's `notify.channel` (unset: the alerts channel, where the incident
 * is) with its `notify.mention` as real mentions. The result says where it went and whom it told, truthfully: Slack,
 * the console of `teach run` and logs/monitor.log when Slack is not there, or queued until `teach run` starts.
 */
import { assertNever } from '../../errors.js';
import { plainMention } from '../text.js';
import type { StepAction } from './types.js';

export const notifyAction: StepAction = async (deps, req) => {
  const { tr } = deps;
  const { channel: configured, mention } = deps.runbook.notify;
  const route = deps.route();
  const whom = mention.length ? mention.map(plainMention).join(' ') : tr('incidents.act_notify_nobody');
  let where: string;
  let channel: string | null = null;
  switch (route.kind) {
    case 'slack':
      channel = configured ?? route.channel;
      where = configured ? tr('incidents.act_notify_channel', { channel }) : tr('incidents.act_notify_alerts_channel', { channel });
      break;
    case 'slack_down':
      channel = configured ?? route.channel;
      where = tr('incidents.act_notify_slack_down', { channel, reason: route.reason });
      break;
    case 'console':
      where = tr('incidents.act_notify_console');
      break;
    case 'no_daemon':
      where = tr('incidents.act_notify_queued');
      break;
    default:
      return assertNever(route, 'incident route');
  }
  return {
    result: 'done',
    detail: tr('incidents.act_notify_done', { where, whom }),
    posts: [{ channel: configured, mention }],
    notified: { channel, mention },
  };
};
