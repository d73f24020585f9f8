/**
 * teachops_service_restarts_total{service, reason}, counted from the audit log, where every restart lands whichever
 * process ran it (the restart policy inside `teach run`, a `teach restart` in a terminal, a Slack button, a runbook
 * step). Read incrementally (rows after the last one seen), so a scrape costs one indexed query that usually
 * returns nothing.
 */
import { RESTART_REASONS, type RestartReason } from './names.js';

export interface RestartRecord {
  id: number;
  /** who ran it: 'teachops' (the restart policy) or a person's entry point */
  source: string;
  /** the audit args: `{ target: 'llm' | 'all', ... }` */
  args: unknown;
  outcome: string;
}

export interface RestartCount {
  service: string;
  reason: RestartReason;
  count: number;
}

export class RestartTally {
  private lastId = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly services: readonly string[]) {}

  /** The id to read after. */
  get cursor(): number {
    return this.lastId;
  }

  /** `readUpTo`: the newest audit id the read covered, restart or not, so the next read starts after it. */
  add(records: readonly RestartRecord[], readUpTo = 0): void {
    this.lastId = Math.max(this.lastId, readUpTo);
    for (const r of records) {
      this.lastId = Math.max(this.lastId, r.id);
      // A refused or crashed request restarted nothing; a failed one stopped the service and tried to start it.
      if (r.outcome !== 'ok' && r.outcome !== 'failed') continue;
      const target = (r.args as { target?: unknown } | null)?.target;
      const reason: RestartReason = r.source === 'teachops' ? 'crash' : 'operator';
      const services = target === 'all' ? this.services : typeof target === 'string' && this.services.includes(target) ? [target] : [];
      for (const s of services) this.counts.set(key(s, reason), (this.counts.get(key(s, reason)) ?? 0) + 1);
    }
  }

  /** Every configured service and reason, zero included, so `increase()` sees the first restart. */
  read(): RestartCount[] {
    return this.services.flatMap((service) => RESTART_REASONS.map((reason) => ({ service, reason, count: this.counts.get(key(service, reason)) ?? 0 })));
  }
}

function key(service: string, reason: RestartReason): string {
  return `${service}\0${reason}`;
}
