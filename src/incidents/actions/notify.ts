/** `notify`: the incident summary to the runbook's `notify.channel` (else the incident's channel) with its mentions. */
import type { StepAction } from './types.js';

export const notifyAction: StepAction = async (deps) => {
  const { channel, mention } = deps.runbook.notify;
  const where = channel ? `<#${channel}>` : deps.tr('incidents.act_notify_here');
  return { result: 'done', detail: deps.tr('incidents.act_notify_done', { channel: where }), posts: [{ channel, mention }] };
};
