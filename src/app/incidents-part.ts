/**
 * The incidents part of `teach run`: validates the runbook at start (a broken runbook.yaml stops the daemon with
 * every problem listed, not the first click), marks steps a dead bot left running as failed, and re-arms the phase
 * deadlines from the store (and every second, for incidents another process declared). Its notifications go to the
 * one outbox through `ops.notifications`. Without a runbook it stays off.
 */
import { translator } from '../i18n/index.js';
import { DeadlineScheduler } from '../incidents/deadlines.js';
import { incidentsOf } from '../ops/incidents.js';
import type { PartFactory } from './run.js';

const SYNC_MS = 1000;

export const incidentsPart: PartFactory = async (ctx) => {
  if (!ctx.config.runbook) return undefined;
  const ictx = incidentsOf(ctx.ops, ctx.ports.incidentTuning);
  const repo = ctx.ops.store.incidents;
  const scheduler = new DeadlineScheduler({ repo, engine: ictx.engine, clock: ctx.ops.clock, background: ctx.background, log: ctx.log });
  ictx.engine.failInterrupted(translator(ctx.config.locale)('incidents.interrupted'));
  scheduler.sync();
  const stopSync = ctx.background.every('incident deadlines', SYNC_MS, () => scheduler.sync());
  const quiesce = () => {
    stopSync();
    scheduler.stop();
  };
  return { name: 'incidents', quiesce, stop: quiesce };
};
