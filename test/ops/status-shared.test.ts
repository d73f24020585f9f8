/**
 * `/teach status` answers share collections (src/ops/status-shared.ts): one under way answers everyone who asks
 * meanwhile, a finished one answers for a moment after, and a process exit or a change this bot made ends that.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { OpsContext } from '../../src/ops/types.js';
import type { StatusReport } from '../../src/ops/status.js';
import type { ExitInfo } from '../../src/supervisor/types.js';
import { REUSE_MS, sharedStatus } from '../../src/ops/status-shared.js';

function setUp() {
  const clock = new ManualClock();
  const exits: ((e: ExitInfo) => void)[] = [];
  const ops = { clock, supervisor: { onExit: (l: (e: ExitInfo) => void) => (exits.push(l), () => undefined) } } as unknown as OpsContext;
  let n = 0;
  const asked: { reuse: boolean | undefined }[] = [];
  const collect = (async (_ctx: OpsContext, _svc?: string, opts?: { reuse?: boolean }) => {
    asked.push({ reuse: opts?.reuse });
    await Promise.resolve();
    return { name: `collection ${++n}`, generated_at: clock.now(), readings_age_ms: 200 } as unknown as StatusReport;
  }) as Parameters<typeof sharedStatus>[1];
  return { clock, status: sharedStatus(ops, collect), asked, exit: () => exits.forEach((l) => l({} as ExitInfo)) };
}

describe('shared /teach status collections', () => {
  it('answers twenty requests at once with one collection, and one just after it with the same, its readings aged', async () => {
    const { clock, status, asked } = setUp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => status(null)));
    expect(new Set(answers.map((a) => a.name))).toEqual(new Set(['collection 1']));
    clock.advance(300);
    const later = await status(null);
    expect(later).toMatchObject({ name: 'collection 1', readings_age_ms: 500 });
    clock.advance(REUSE_MS);
    expect((await status(null)).name).toBe('collection 2');
    expect(asked).toEqual([{ reuse: true }, { reuse: true }]);
  });

  it('collects again after a process exited, and measures everything after a change this bot made', async () => {
    const { status, asked, exit } = setUp();
    await status(null);
    exit();
    expect((await status(null)).name).toBe('collection 2');
    expect((await status(null, true)).name).toBe('collection 3');
    expect(asked.at(-1)).toEqual({ reuse: false });
    expect((await status('llm')).name).toBe('collection 4');
  });
});
