/**
 * `npm run bench -- rss`: resident memory of the daemon with Slack connected (the stand-in, Socket Mode) and the
 * three stand-in services, read from /proc (VmRSS) BENCH_RSS_SETTLE_S seconds (default 5; issue 14's target is for
 * 600) after "Slack connected", for `teach run` (the `teach` bin, which hands over to dist/cli/daemon.js) and
 * `npm start` (dist/cli/daemon.js itself), alternating, BENCH_RSS_RUNS runs each (default 3); and what the big packages cost
 * on their own: `node --input-type=module -e "await import(X)"` then process.memoryUsage().rss, against node alone.
 * Figures for issue 14's RSS target (90 MB); nothing is optimised or asserted here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { freePort, repoRoot } from '../test/support/temp-project.js';
import { startPm2, type Pm2Side } from './pm2.js';
import { project, rssMb, startBot, stopBot } from './slack.js';
import { median } from './stats.js';
import type { BenchResult } from './types.js';

const RUNS = Number(process.env.BENCH_RSS_RUNS ?? 3);
const SETTLE_MS = Number(process.env.BENCH_RSS_SETTLE_S ?? 5) * 1000;
const PACKAGES = ['@slack/bolt', 'zod', 'yaml', 'better-sqlite3', 'commander'];

function importRss(specifier?: string): number {
  const code = `${specifier ? `await import(${JSON.stringify(specifier)}); ` : ''}console.log(process.memoryUsage().rss)`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' }).trim()) / 2 ** 20;
}

/**
 * BENCH_RSS_TOGETHER=1: every run of every way at once, each daemon on a project (and services) of its own, all
 * connected to the one stand-in: n ten-minute runs take ten minutes. Idle daemons barely compete for the CPU. Beside
 * them, as long: `teach run` without Slack and pm2's daemon (God) with the same three stand-ins (pm2 has no Slack),
 * the nearest pm2 equivalent.
 */
const TOGETHER = process.env.BENCH_RSS_TOGETHER === '1';

async function sideBySide(standin: SlackStandin, ways: [string, string[] | undefined][], rss: Map<string, number[]>): Promise<void> {
  const runs = await Promise.all(
    Array.from({ length: RUNS }).flatMap(() => ways.map(async ([name, entry]) => ({ name, p: await project(), entry }))),
  );
  const plain = await Promise.all(Array.from({ length: RUNS }, async () => ({ name: NO_SLACK, p: await project(), entry: undefined })));
  const bots = [...runs.map((r) => ({ ...r, bot: startBot(r.p, standin, r.entry) })), ...plain.map((r) => ({ ...r, bot: startBot(r.p, undefined) }))];
  const pm2s: Pm2Side[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const apps = await Promise.all((['backend', 'llm', 'frontend'] as const).map(async (n) => ({ name: n, script: join(repoRoot, 'demo', `${n}.mjs`), env: { PORT: String(await freePort()), ...(n === 'llm' ? { DASHSCOPE_API_KEY: 'bench-not-a-key' } : {}) } })));
      pm2s.push(startPm2(apps));
    }
    await Promise.all(bots.map((b) => b.bot.ready));
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const b of bots) rss.get(b.name)!.push(rssMb(b.bot.child.pid!));
    for (const s of pm2s) rss.get(PM2)!.push(rssMb(Number(readFileSync(join(s.env.PM2_HOME!, 'pm2.pid'), 'utf8').trim())));
  } finally {
    for (const s of pm2s) s.stop();
    await Promise.all(bots.map((b) => stopBot(b.bot.child)));
    await Promise.all([...runs, ...plain].map((r) => r.p.cleanup()));
  }
}

const NO_SLACK = 'teach run without Slack';
const PM2 = "pm2's daemon (God), no Slack";

const mb = (name: string, v: number[], note?: string): BenchResult => ({ name, unit: 'MB', median: median(v), p99: Math.max(...v), n: v.length, ...(note ? { note } : {}) });

export async function run(): Promise<BenchResult[]> {
  const standin = await SlackStandin.start();
  const p = await project();
  const ways: [string, string[] | undefined][] = [
    ['teach run', undefined],
    ['npm start (dist/cli/daemon.js)', [join(repoRoot, 'dist', 'cli', 'daemon.js')]],
  ];
  const rss = new Map<string, number[]>([...ways.map(([k]) => k), NO_SLACK, PM2].map((k) => [k, []]));
  try {
    if (TOGETHER) await sideBySide(standin, ways, rss);
    else for (let i = 0; i < RUNS; i++) {
      for (const [name, entry] of ways) {
        const bot = startBot(p, standin, entry);
        try {
          await bot.ready;
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          rss.get(name)!.push(rssMb(bot.child.pid!));
        } finally {
          await stopBot(bot.child);
        }
      }
    }
  } finally {
    await p.cleanup();
    await standin.stop();
  }
  const floor = [0, 1, 2].map(() => importRss());
  return [
    ...[...ways.map(([name]) => name), ...(TOGETHER ? [NO_SLACK, PM2] : [])].map((name) => mb(`RSS of ${name}${name === NO_SLACK || name === PM2 ? '' : ', Slack connected'}, 3 services, ${SETTLE_MS / 1000} s after ready${TOGETHER ? ' (all runs side by side)' : ''}`, rss.get(name)!, `VmRSS; p99 column = the largest; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; target 90 MB after 10 minutes`)),
    mb('node alone (--input-type=module -e)', floor),
    ...PACKAGES.map((pkg) => {
      const v = [0, 1, 2].map(() => importRss(pkg));
      return mb(`node + import('${pkg}')`, v, `adds ${(median(v) - median(floor)).toFixed(1)} MB to node alone`);
    }),
  ];
}
