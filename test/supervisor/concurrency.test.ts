/**
 * "One start/stop/restart of a service at a time across every process": ten `restart llm` at once, from ten OS
 * processes (the compiled supervisor, as the CLI would run it) and from one process, must leave exactly one llm.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { LockBusyError } from '../../src/supervisor/index.js';
import { readPidFile, verifyRecord } from '../../src/supervisor/pidfile.js';
import { listPids, readCmdline } from '../../src/util/proc.js';
import { demoCommand, fixtureCommand, repoRoot } from '../support/temp-project.js';
import { by, getJson, harness, httpService } from './helpers.js';

const run = promisify(execFile);
/** Inside the repo so the compiled files resolve better-sqlite3 from its node_modules. */
const compiled = join(repoRoot, 'node_modules', '.cache', 'teachops-supervisor-test');

/** Compiles just the supervisor's import graph (others' work in progress elsewhere in src/ cannot break it). */
async function compileSupervisor(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-tsc-'));
  try {
    const tsconfig = {
      extends: join(repoRoot, 'tsconfig.build.json'),
      compilerOptions: { outDir: compiled, rootDir: repoRoot, sourceMap: false, typeRoots: [join(repoRoot, 'node_modules/@types')] },
      include: [],
      files: [join(repoRoot, 'src/supervisor/index.ts'), join(repoRoot, 'src/store/index.ts')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: repoRoot });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Processes whose command line carries this test's unique tag: the llm processes of this test and no others. */
function processesTagged(tag: string): number[] {
  return listPids().filter((pid) => (readCmdline(pid) ?? []).includes(tag));
}

async function llmProject() {
  const tag = `--test-tag=${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const svc = await httpService(demoCommand('llm', tag), { env: { DASHSCOPE_API_KEY: 'k-123456789' }, start_timeout: '20s' });
  const h = harness({ services: { llm: svc.def } });
  return { h, tag, port: svc.port };
}

async function expectExactlyOneLlm(h: ReturnType<typeof harness>, tag: string, port: number) {
  const live = processesTagged(tag);
  expect(live).toHaveLength(1);
  const read = readPidFile(h.logsDir, 'llm');
  expect(read && 'record' in read && read.record.pid).toBe(live[0]);
  expect(read && 'record' in read && verifyRecord(read.record)).toEqual({ match: true });
  expect(await getJson(`http://127.0.0.1:${port}/health`)).toMatchObject({ pid: live[0] });
  expect(readdirSync(join(h.logsDir, 'pids'))).toEqual(['llm.pid']); // no temp files left over
}

describe('concurrent restarts', () => {
  beforeAll(compileSupervisor, 120_000);

  it('10 restarts from 10 OS processes leave exactly one llm and a consistent pid file', async () => {
    const { h, tag, port } = await llmProject();
    expect(await h.sup.start('llm', by(h))).toMatchObject([{ ok: true }]);
    const configFile = join(h.dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(h.config));
    const worker = fixtureCommand('restart-worker')[1]!;
    const outs = await Promise.all(
      Array.from({ length: 10 }, () => run(process.execPath, [worker, compiled, configFile, 'llm'], { timeout: 60_000 })),
    );
    const results = outs.map((o) => JSON.parse(o.stdout.trim()) as { ok: boolean; pid: number; error?: string }[]);
    expect(results.map((r) => r[0]!.error)).toEqual(Array(10).fill(undefined));
    expect(new Set(results.map((r) => r[0]!.pid)).size).toBe(10); // each did its own restart, one after another
    await expectExactlyOneLlm(h, tag, port);
    const log = readFileSync(join(h.logsDir, 'llm.log'), 'utf8');
    expect(log.match(/\] starting llm:/g)).toHaveLength(11);
  }, 90_000);

  it('10 restarts from one process queue up and leave exactly one llm', async () => {
    const { h, tag, port } = await llmProject();
    await h.sup.start('llm', by(h));
    const all = await Promise.all(Array.from({ length: 10 }, () => h.sup.restart('llm', by(h))));
    expect(all.every((r) => r[0]!.ok)).toBe(true);
    await expectExactlyOneLlm(h, tag, port);
    expect(h.events.filter((e) => e.type === 'waiting_for_lock').length).toBeGreaterThan(0);
  }, 60_000);

  it('gives up with LockBusyError naming the holder when the wait times out', async () => {
    const { h } = await llmProject();
    const held = h.store.locks.tryAcquire('service:llm', 'restart llm (by slack:U123)');
    if (!('release' in held)) throw new Error('lock should be free');
    try {
      const [r] = await h.sup.restart('llm', { ...by(h), lockTimeoutMs: 200 });
      expect(r!.error).toBeInstanceOf(LockBusyError);
      expect(r!.error!.message).toMatch(new RegExp(`^llm is busy: "restart llm \\(by slack:U123\\)" \\(pid ${process.pid}\\) is still in progress; gave up waiting after \\d+ ms$`));
      expect(h.events).toContainEqual({ type: 'waiting_for_lock', service: 'llm', holderPid: process.pid, purpose: 'restart llm (by slack:U123)' });
      expect(h.sup.runtime('llm')[0]!.state).toBe('stopped');
    } finally {
      held.release();
    }
  });
});
