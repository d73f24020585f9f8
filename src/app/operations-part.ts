/**
 * Shutdown waits here for lifecycle operations under way in this process (Slack commands after their ack, runbook
 * steps, automatic restarts) before delivery flushes and the store closes. Started just before Slack, so its drain
 * runs once every part has stopped taking work, and before the monitor records a restart's result and delivery
 * flushes.
 */
import { translator } from '../i18n/index.js';
import type { PartFactory } from './run.js';

export const operationsPart: PartFactory = async (ctx) => {
  const tr = translator(ctx.config.locale);
  return {
    name: 'operations',
    async drain(deadline) {
      if (ctx.operations.size === 0) return;
      ctx.log(tr('daemon.draining', { n: ctx.operations.size }));
      const left = Math.max(0, deadline - Date.now());
      if (!(await ctx.operations.drain(left))) ctx.log(tr('daemon.drain_timeout', { seconds: Math.round(left / 1000) }));
    },
    stop: () => undefined,
  };
};
