/**
 * Ten `teach restart llm` processes at once: one lifecycle operation per service across processes means they
 * queue on the service lock, and afterwards exactly one llm process runs and the pid file names it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoProject, pidOf, teach, teachAsync } from './helpers.js';
import { listPids, readCmdline } from '../../src/util/proc.js';
import { readPidFile, verifyRecord } from '../../src/supervisor/pidfile.js';

/** llm stand-ins listening on this project's port (other test files run their own llm on other ports). */
function llmProcessesOn(port: number): number[] {
  return listPids().filter((pid) => {
    if (!(readCmdline(pid) ?? []).some((a) => a.endsWith('demo/llm.mjs'))) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`PORT=${port}`);
    } catch {
      return false;
    }
  });
}

describe('concurrent restarts from separate processes', () => {
  it('10 concurrent `teach restart llm` leave exactly one llm and a consistent pid file', async () => {
    const p = await demoProject();
    expect(teach(p, ['start', 'llm']).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 10 }, () => teachAsync(p, ['restart', 'llm'])));
    for (const r of results) expect(r.code, r.stdout + r.stderr).toBe(0);

    const running = llmProcessesOn(p.ports.llm);
    expect(running).toHaveLength(1);
    const read = readPidFile(p.logsDir, 'llm');
    expect(read && 'record' in read ? read.record.pid : undefined).toBe(running[0]);
    expect(read && 'record' in read ? verifyRecord(read.record) : undefined).toEqual({ match: true });
    expect(pidOf(p, 'llm')).toBe(running[0]);
    // every restart did its own stop + start, one after the other
    const audit = JSON.parse(teach(p, ['audit', '--json', '-n', '50']).stdout) as { action: string; outcome: string }[];
    expect(audit.filter((a) => a.action === 'restart' && a.outcome === 'ok')).toHaveLength(10);
  }, 120_000);
});
