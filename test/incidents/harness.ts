/**
 * An in-process bot for the incident tests, built by the production composition (src/app: delivery, operations,
 * incidents and Slack parts, as `teach run` wires them): the real Bolt app (Socket Mode) with the real route table,
 * connected to the Slack stand-in, a real store and supervisor over demo services on free ports, with a ManualClock
 * for the runbook's deadlines, so tests move time instead of sleeping. `restart()` stops the bot and starts a fresh
 * one over the same files, like a restart of `teach run`.
 */
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { OpsContext } from '../../src/ops/types.js';
import type { IncidentTuning } from '../../src/ops/incidents.js';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { deliveryPart } from '../../src/app/delivery-part.js';
import { operationsPart } from '../../src/app/operations-part.js';
import { incidentsPart } from '../../src/app/incidents-part.js';
import { slackPart } from '../../src/app/slack-part.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { makeTempProject, repoRoot, type RawServiceInput, type TempProject } from '../support/temp-project.js';
import { demoServices, OPERATOR, VISITOR, CHANNEL } from '../slack/harness.js';

export { OPERATOR, VISITOR, CHANNEL };
export const RUNBOOK = join(repoRoot, 'config/runbook.yaml');

export interface Bot {
  app: RunningApp;
  ops: OpsContext;
  logs: string[];
  /** stops delivering (what is queued stays queued), as if the process were about to be killed */
  freezeDelivery(): Promise<void>;
  stop(): Promise<void>;
}

export interface World {
  project: TempProject;
  standin: SlackStandin;
  clock: ManualClock;
  bot: Bot;
  /** store of the current bot (reopened by restart) */
  store(): Store;
  restart(): Promise<void>;
  /** waits until the outbox is delivered */
  settle(): Promise<void>;
  /** moves the manual clock a second at a time (delivery retries run on it) until the outbox is delivered */
  drain(): Promise<void>;
  incidentMessage(id?: number): Promise<StoredMessage>;
  thread(ts: string): StoredMessage[];
  cleanup(): Promise<void>;
}

const baseTuning: Partial<IncidentTuning> = { verifyIntervalMs: 30, snapshot: async () => null };

async function startBot(project: TempProject, store: Store, standin: SlackStandin, clock: ManualClock, tuning: Partial<IncidentTuning>, slack = true): Promise<Bot> {
  const config = project.config;
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);
  const supervisor = createSupervisor({ config, store, log });
  const env = slack
    ? { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, TEACHOPS_SLACK_PING_TIMEOUT: '1s', TEACHOPS_LOG_LEVEL: 'error' }
    : { TEACHOPS_LOG_LEVEL: 'error' };
  const app = await startApp(
    { ops: { config, store, supervisor, clock }, env, log, ports: { incidentTuning: tuning, deliveryPollMs: 50 } },
    [deliveryPart, incidentsPart, operationsPart, slackPart],
  );
  return {
    app,
    ops: app.ctx.ops,
    logs,
    freezeDelivery: () => app.ctx.shared.delivery!.stop(),
    stop: () => app.stop(5000),
  };
}

export interface WorldOptions {
  operators?: string[];
  services?: ('backend' | 'llm')[];
  start?: boolean;
  /** runbook.yaml text (default: the shipped config/runbook.yaml) */
  runbook?: string;
  /** more channels the stand-in knows (id -> name) */
  channels?: Record<string, string>;
  /** users.info answers of the stand-in (id -> name) */
  users?: Record<string, { name: string; realName?: string }>;
  /** files in the project folder */
  files?: Record<string, string>;
  /** changes to the services before the config is written */
  tweak?: (services: Record<string, RawServiceInput>) => void;
  /** the host snapshot at resolution (default: none) */
  snapshot?: IncidentTuning['snapshot'];
  /** false: the bot runs without Slack credentials (its notifications go to its console, `bot.logs`) */
  slack?: boolean;
}

export async function makeWorld(o: WorldOptions = {}): Promise<World> {
  const services = await demoServices(o.services ?? ['backend', 'llm']);
  if (services.llm) {
    services.llm.env = { ...(services.llm.env as Record<string, string>), LLM_PROVIDER: 'tongyi' };
    services.llm.fallback = { env: { LLM_PROVIDER: 'openai' } };
  }
  o.tweak?.(services);
  const project = makeTempProject({
    services,
    files: { ...o.files, ...(o.runbook ? { 'runbook.yaml': o.runbook } : {}) },
    raw: { alerts: { channel: CHANNEL }, access: { operators: o.operators ?? [OPERATOR], channels: [] }, runbook: o.runbook ? 'runbook.yaml' : RUNBOOK },
  });
  const standin = await SlackStandin.start({ channels: { [CHANNEL]: 'ops', ...o.channels }, ...(o.users ? { users: o.users } : {}) });
  const clock = new ManualClock(Date.now());
  let store = project.store;
  const tuning = { ...baseTuning, ...(o.snapshot ? { snapshot: o.snapshot } : {}) };
  let bot = await startBot(project, store, standin, clock, tuning, o.slack !== false);
  if (o.start !== false) {
    for (const name of project.config.serviceNames) {
      const r = await bot.ops.supervisor.start(name, { by: 'test' });
      if (!r.every((x) => x.ok)) throw new Error(`could not start ${name}: ${r.map((x) => x.error?.message).join('; ')}`);
    }
  }
  const world: World = {
    project, standin, clock,
    get bot() {
      return bot;
    },
    store: () => store,
    async restart() {
      await bot.stop();
      // A new process opens the database afresh: nothing survives but what is in the files.
      store = openStore(project.logsDir);
      bot = await startBot(project, store, standin, clock, tuning, o.slack !== false);
    },
    async settle() {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline) {
        if (store.outbox.pendingCount() === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`outbox not delivered: ${JSON.stringify(store.outbox.pending().slice(0, 3))}\n${standin.dump(CHANNEL)}`);
    },
    async drain() {
      for (let i = 0; i < 120 && store.outbox.pendingCount() > 0; i++) {
        clock.advance(1000);
        await world.bot.app.ctx.shared.delivery!.idle();
        await new Promise((r) => setTimeout(r, 5));
      }
      await world.settle();
    },
    async incidentMessage(id) {
      await world.settle();
      const list = store.incidents.list();
      const inc = id === undefined ? list[0] : list.find((i) => i.id === id);
      if (!inc?.message_ts) throw new Error('no incident message');
      return standin.store.find(CHANNEL, inc.message_ts)!;
    },
    thread: (ts) => standin.thread(CHANNEL, ts),
    async cleanup() {
      await bot.stop().catch(() => undefined);
      if (store !== project.store) store.close();
      await standin.stop();
      await project.cleanup();
    },
  };
  return world;
}

/** Plain text of a message's blocks (section text, fields, context), for assertions on what a user reads. */
export function blockText(m: { blocks?: unknown[] } | undefined): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.text === 'string' && (o.type === 'mrkdwn' || o.type === 'plain_text')) out.push(o.text);
      for (const [k, v] of Object.entries(o)) if (k !== 'confirm' && typeof v === 'object') walk(v);
    }
  };
  walk(m?.blocks);
  return out.join('\n');
}

/** The text of the section of step `id` in the incident message. */
export function stepLine(m: StoredMessage, id: string): string {
  const b = (m.blocks ?? []).find((x) => (x as { block_id?: string }).block_id === `step:${id}`) as { text?: { text?: string } } | undefined;
  return b?.text?.text ?? '';
}
