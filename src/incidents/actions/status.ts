/** `status`: a snapshot of every service into the thread (confirms the scope of the failure). */
import type { StepAction } from './types.js';

export const statusAction: StepAction = async (deps) => {
  const report = await deps.status();
  const running = report.services.filter((s) => s.state === 'running').length;
  const detail = deps.tr('incidents.act_status_done', { running, total: report.services.length, down: report.down.join(', ') || deps.tr('common.none') });
  return { result: 'done', detail, lines: [{ type: 'status', report }] };
};
