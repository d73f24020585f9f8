/**
 * Running start / stop / restart from Slack: ask first when it is a stop or touches every service, otherwise post
 * "Restarting llm... (requested by @user)", follow the supervisor's steps in place and end with the result.
 * Used by the commands, the confirmation button and the status message's Restart buttons alike.
 */
import type { LifecycleAction } from '../supervisor/types.js';
import { runLifecycle } from '../ops/lifecycle.js';
import { errorMessage as messageOf } from '../errors.js';
import type { Interaction, Outcome } from './context.js';
import { startProgress } from './progress.js';
import { operationFailedMessage, progressMessage, resultMessage } from './views/lifecycle.js';
import { confirmMessage } from './views/confirm.js';
import { currentVersion, issueButton } from './buttons.js';

export const confirmKind = (action: LifecycleAction) => `confirm:${action}`;

export function needsConfirmation(action: LifecycleAction, target: string): boolean {
  return action === 'stop' || target === 'all';
}

export async function askConfirmation(ix: Interaction, action: LifecycleAction, target: string): Promise<Outcome> {
  const value = issueButton(ix, { kind: confirmKind(action), target, version: currentVersion(ix.deps.ops, target), act: action });
  await ix.reply.ephemeral(confirmMessage({ action, target, value }, ix.deps.tr));
  return { outcome: 'ok', detail: 'asked for confirmation' };
}

export async function runWithProgress(ix: Interaction, action: LifecycleAction, target: string): Promise<Outcome> {
  const { deps, user } = ix;
  const tr = deps.tr;
  const started = Date.now();
  const progress = await startProgress(ix.reply, progressMessage({ action, target, user }, tr), deps.progressIntervalMs, deps.log);
  let results;
  try {
    results = await runLifecycle(deps.ops, ix.actor, {
      action,
      target,
      onEvent: (event) => progress.step(progressMessage({ action, target, user, event }, tr)),
    });
  } catch (e) {
    await progress.finish(operationFailedMessage({ action, target, user, error: messageOf(e) }, tr));
    throw e;
  }
  await progress.finish(resultMessage({ action, target, user, results, ms: Date.now() - started }, tr));
  const failed = results.filter((r) => !r.ok);
  return failed.length === 0
    ? { outcome: 'ok', detail: results.map((r) => `${r.service}${r.pid ? ` pid ${r.pid}` : ''}`).join(', ') }
    : { outcome: 'failed', detail: failed.map((r) => `${r.service}: ${r.error?.message ?? 'failed'}`).join('; ') };
}
