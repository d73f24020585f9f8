/**
 * `teach run` while another process holds the state database's write lock for 10 s (LOCK_SECONDS), connected to
 * the Slack stand-in over Socket Mode, with the demo backend (on-failure, backoff 1 s) killed with SIGKILL 1 s into
 * the lock. Measured, for each of ROUNDS rounds:
 *  - the daemon's longest event-loop stall during the lock, from inside it (TEACHOPS_DEBUG_STALLS,
 *    src/util/stall-report.ts: perf_hooks.monitorEventLoopDelay at 10 ms resolution, per second; target ~50 ms:
 *    the daemon's busy timeout is 20 ms and it retries the write-back off the hot path);
 *  - kill -9 -> the alert message at the stand-in, while the database is still locked (target < 1 s);
 *  - the ack of `/teach status` sent every 250 ms during the lock (Slack's deadline is 3 s);
 *  - lock released -> everything held written back ("accepts writes again" in the daemon's output);
 *  - in-process, on the daemon's store: the first refused write (it waits the 20 ms busy timeout once), then a
 *    write-back try and a diagnosis while the lock is held (what the write-back part pays every try).
 * An idle node process measures the host's own stalls beside it (the machine is shared).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { lockDb } from '../test/support/lock-db.js';
import { demoCommand, freePort, makeTempProject, type TempProject } from '../test/support/temp-project.js';
import type { StallFigures } from '../src/util/stall-report.js';
import { openStore } from '../src/store/index.js';
import { CLI, startTeachRun } from './teach-run.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const CHANNEL = 'CBENCHLOCK';
const ROUNDS = Number(process.env.LOCK_ROUNDS ?? 3);
const LOCK_MS = Number(process.env.LOCK_SECONDS ?? 10) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function project(): Promise<TempProject & { port: number }> {
  const port = await freePort();
  const services = {
    backend: {
      command: demoCommand('backend'),
      env: { PORT: String(port) },
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
      restart: { policy: 'on-failure', max_restarts: 5, window: '2s', backoff: '1s', backoff_max: '30s' },
    },
  };
  const raw = {
    name: 'bench',
    monitor: { interval: '5s', thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } },
    alerts: { channel: CHANNEL, repeat_after: '1h' },
    access: { operators: ['UBENCH'], channels: [] },
  };
  const p = makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
  // The bench's own handle would be one more connection on the database: the daemon is the only one that matters.
  p.store.close();
  return { ...p, port };
}

/** An idle node process measuring its own event-loop delay: what the host alone does to a timer. */
function startControl(): { stop: () => Promise<number> } {
  const script = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on('SIGTERM', () => { process.stdout.write(String(h.max / 1e6)); process.exit(0); }); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return Number(out);
    },
  };
}

const pidOf = (p: TempProject) => (JSON.parse(readFileSync(join(p.logsDir, 'pids', 'backend.pid'), 'utf8')) as { pid: number }).pid;

/** The store's own cost under a lock, without a daemon around it: one refused write, then write-back tries. */
function storeCosts(): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-bench-lock-store-'));
  const store = openStore(dir, 'en', { hold: true });
  const other = new Database(store.file);
  try {
    other.exec('BEGIN EXCLUSIVE');
    const firsts: number[] = [];
    const tries: number[] = [];
    for (let round = 0; round < 20; round++) {
      let t = performance.now();
      store.kv.set('bench', round, round);
      firsts.push(performance.now() - t);
      for (let i = 0; i < 50; i++) {
        t = performance.now();
        store.writes.flush();
        store.problem();
        tries.push(performance.now() - t);
      }
      other.exec('ROLLBACK');
      store.writes.flush();
      other.exec('BEGIN EXCLUSIVE');
    }
    return [
      { name: 'first write refused by the lock (then held)', unit: 'ms', median: median(firsts), p99: percentile(firsts, 99), n: firsts.length, note: 'the daemon\'s busy timeout is 20 ms; later writes are held without trying' },
      { name: 'write-back try + diagnosis while locked', unit: 'ms', median: median(tries), p99: percentile(tries, 99), n: tries.length, note: 'busy_timeout 0 for the try; the diagnosis reads statfs, access() and /proc/locks' },
    ];
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const costs = storeCosts();
  const standin = await SlackStandin.start();
  const p = await project();
  const scratch = mkdtempSync(join(tmpdir(), 'teachops-bench-lock-'));
  const stallFile = join(scratch, 'stalls.json');
  let output = '';
  const bot = startTeachRun(p, {
    env: { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, TEACHOPS_DEBUG_STALLS: stallFile },
    readyLine: /Slack connected/,
    what: 'not connected to Slack',
  });
  bot.child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const stalls: number[] = [];
  const stallsFree: number[] = [];
  const toAlert: number[] = [];
  const toAlertFree: number[] = [];
  const acks: number[] = [];
  const acksFree: number[] = [];
  const toWritten: number[] = [];
  let noAck = 0;
  let hostMax = 0;
  try {
    await bot.ready;
    await sleep(1500);
    // Each round twice: with the lock, and the same 10 s (kill, /teach status every 250 ms) without it, so what the
    // lock adds to the stalls is told apart from what the restart and the status answers cost on this host anyway.
    for (let round = 0; round < ROUNDS * 2; round++) {
      const locked = round % 2 === 0;
      const control = startControl();
      const written = (output.match(/accepts writes again/g) ?? []).length;
      const lock = locked ? await lockDb(join(p.logsDir, 'teachops.db'), LOCK_MS) : undefined;
      const from = new Date().toISOString();
      const lockedAt = Date.now();
      await sleep(1000);
      const before = standin.messages(CHANNEL).length;
      const t0 = Date.now();
      process.kill(pidOf(p), 'SIGKILL');
      const alert = standin.waitFor((s) => s.messages(CHANNEL).slice(before).find((m) => /is down/.test(JSON.stringify(m.blocks ?? []) + (m.text ?? ''))), {
        timeoutMs: LOCK_MS,
        what: 'the service_down alert',
      });
      void alert.then((m) => (locked ? toAlert : toAlertFree).push(m.postedAt - t0), () => undefined);
      while (Date.now() - lockedAt < LOCK_MS - 300) {
        try {
          (locked ? acks : acksFree).push((await standin.slash('status', { user: 'UBENCH', channel: CHANNEL })).ack.ms);
        } catch {
          noAck++;
        }
        await sleep(250);
      }
      if (lock) await lock.released;
      else await sleep(300);
      const releasedAt = Date.now();
      const to = new Date().toISOString();
      while (lock && !((output.match(/accepts writes again/g) ?? []).length > written)) {
        if (Date.now() - releasedAt > 30_000) throw new Error(`no write-back within 30 s after the lock:\n${output}`);
        await sleep(10);
      }
      if (lock) toWritten.push(Date.now() - releasedAt);
      hostMax = Math.max(hostMax, await control.stop());
      await sleep(2500); // one more stall report, and the restart window runs out
      const figures = JSON.parse(readFileSync(stallFile, 'utf8')) as StallFigures;
      for (const s of figures.seconds.filter((x) => x.at > from && x.at <= to)) (locked ? stalls : stallsFree).push(s.maxMs);
      // LOCK_VERBOSE=1: the longest stalls (with when they ended) and what the daemon said, to match them up
      if (process.env.LOCK_VERBOSE) process.stderr.write(`round ${round + 1} (${locked ? 'locked' : 'not locked'}) ${from}..${to} stalls: ${JSON.stringify(figures.worst)}\n`);
    }
  } finally {
    if (process.env.LOCK_VERBOSE) process.stderr.write(output);
    if (bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await new Promise((r) => bot.child.once('exit', r));
    }
    spawnSync(process.execPath, [CLI, 'stop', 'all', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir });
    await p.cleanup();
    rmSync(scratch, { recursive: true, force: true });
    await standin.stop();
  }
  const where = `${ROUNDS} rounds of a ${LOCK_MS / 1000} s lock (BEGIN EXCLUSIVE in another process)`;
  return [
    ...costs,
    {
      name: 'longest event-loop stall of teach run during the lock, per second',
      unit: 'ms',
      median: median(stalls),
      p99: Math.max(...stalls),
      n: stalls.length,
      note: `p99 column = the longest in all rounds; monitorEventLoopDelay inside the daemon (10 ms resolution); ${where}; target ~50 ms. An idle node process meanwhile: longest ${hostMax.toFixed(0)} ms (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
    },
    {
      name: 'the same without the lock (control)',
      unit: 'ms',
      median: median(stallsFree),
      p99: Math.max(...stallsFree),
      n: stallsFree.length,
      note: `longest stall per second as above; kill -9 -> alert median ${median(toAlertFree)} ms; /teach status ack median ${median(acksFree).toFixed(1)} ms, p99 ${percentile(acksFree, 99).toFixed(1)} ms`,
    },
    { name: 'kill -9 -> alert message in Slack, database locked', unit: 'ms', median: median(toAlert), p99: percentile(toAlert, 99), n: toAlert.length, note: `${where}; target < 1 s` },
    { name: 'ack of /teach status during the lock', unit: 'ms', median: median(acks), p99: percentile(acks, 99), n: acks.length, note: `${noAck} without an ack within 3 s` },
    { name: 'lock released -> everything held written back', unit: 'ms', median: median(toWritten), p99: percentile(toWritten, 99), n: toWritten.length, note: 'the write-back retries with backoff from 100 ms to 2 s' },
  ];
}
