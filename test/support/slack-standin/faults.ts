// Failure injection for resilience tests: rate limits, platform errors, 5xx and a Slack that is down.
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';
import type { FailSpec } from './types.js';

export type DownMode = 'status503' | 'reset';

/** Refusal of a token as Slack answers a revoked one (`token_revoked`), a disabled account, a missing scope. */
export interface TokenRefusal {
  error: string;
  /** `missing_scope`: the scope the call needs */
  needed?: string;
  /** only these methods are refused (missing_scope); default every method */
  methods?: string[];
}

export class Faults {
  private readonly queued = new Map<string, FailSpec[]>();
  down: DownMode | undefined;
  /** set while Slack refuses the bot token */
  botToken: TokenRefusal | undefined;

  /** The next `n` calls of `method` (`'*'`: any method) fail as `spec`. */
  failNext(method: string, n: number, spec: FailSpec): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < n; i += 1) list.push(spec);
    this.queued.set(method, list);
  }

  /** The failure planned for this call, consumed. */
  take(method: string): FailSpec | undefined {
    for (const key of [method, '*']) {
      const list = this.queued.get(key);
      if (list !== undefined && list.length > 0) return list.shift();
    }
    return undefined;
  }

  pending(method?: string): number {
    if (method !== undefined) return this.queued.get(method)?.length ?? 0;
    return [...this.queued.values()].reduce((sum, l) => sum + l.length, 0);
  }

  clear(): void {
    this.queued.clear();
    this.down = undefined;
    this.botToken = undefined;
  }

  /** Answer as Slack's edge does when down: 503, or a connection reset (the client sees a network error). */
  answerDown(res: ServerResponse): void {
    if (this.down === 'reset') {
      res.socket?.destroy();
      return;
    }
    sendJson(res, 503, { ok: false, error: 'service_unavailable' });
  }
}

/** Faults that let the call take effect first; the rest answer instead of the call. */
export type AppliedFault = Extract<FailSpec, { dropAfterApply: true } | { answerAfterMs: number }>;
export const isApplied = (spec: FailSpec): spec is AppliedFault => 'dropAfterApply' in spec || 'answerAfterMs' in spec;

/** Answers a call that was applied, the faulty way: no answer at all, or a late one. */
export function answerApplied(res: ServerResponse, spec: AppliedFault, body: unknown): void {
  if ('dropAfterApply' in spec) {
    // The request was read and applied; the client now sees its connection reset with no HTTP answer.
    res.socket?.destroy();
    return;
  }
  const timer = setTimeout(() => {
    if (!res.destroyed && !res.writableEnded) sendJson(res, 200, body);
  }, spec.answerAfterMs);
  res.once('close', () => clearTimeout(timer));
}

/** Writes an injected failure; returns the status and error to record. */
export function answerInjected(res: ServerResponse, spec: Exclude<FailSpec, AppliedFault>): { status: number; error: string } {
  if ('error' in spec) {
    sendJson(res, 200, { ok: false, error: spec.error });
    return { status: 200, error: spec.error };
  }
  if (spec.status === 429) {
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(spec.retryAfter) });
    return { status: 429, error: 'ratelimited' };
  }
  sendJson(res, spec.status, { ok: false, error: 'internal_error' });
  return { status: spec.status, error: 'internal_error' };
}
