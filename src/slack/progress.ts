/**
 * A message that is posted at once and then edited in place as work goes on ("Restarting llm..." -> "llm
 * restarted, healthy in 2.1 s"). Intermediate steps are coalesced to at most one chat.update per interval
 * (Slack allows about one write per second per channel); the final state is always written, after any
 * update still in flight, so an older step can never overwrite the result.
 */
import type { Reply } from './reply.js';
import type { SlackMessage } from './views/blocks.js';

export interface Progress {
  readonly ts: string;
  /** show an intermediate step (may be skipped if a newer one arrives first) */
  step(m: SlackMessage): void;
  /** write the final state */
  finish(m: SlackMessage): Promise<void>;
}

export async function startProgress(reply: Reply, first: SlackMessage, intervalMs: number, log: (l: string) => void): Promise<Progress> {
  const ts = await reply.post(first);
  let pending: SlackMessage | undefined;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let lastWrite = Date.now();
  let finished = false;

  const write = (m: SlackMessage): Promise<void> => {
    lastWrite = Date.now();
    writing = writing.then(() => reply.update(ts, m)).catch((e: unknown) => log(`slack: progress update failed: ${e instanceof Error ? e.message : String(e)}`));
    return writing;
  };
  const flush = () => {
    timer = undefined;
    if (finished || pending === undefined) return;
    const m = pending;
    pending = undefined;
    void write(m);
  };

  return {
    ts,
    step(m) {
      if (finished) return;
      pending = m;
      if (timer === undefined) timer = setTimeout(flush, Math.max(0, intervalMs - (Date.now() - lastWrite)));
    },
    async finish(m) {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      pending = undefined;
      await writing;
      // The final write must not be swallowed: the caller reports a failure to the user.
      lastWrite = Date.now();
      await reply.update(ts, m);
    },
  };
}
