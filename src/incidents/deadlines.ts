/**
 * Phase deadlines: a timer (on the injected Clock) per phase whose reminder has not been sent. The deadlines live in
 * the store, so `sync()` after a restart of the bot re-arms them: a deadline missed while the bot was down fires at
 * once, one still ahead fires on time, and one already reminded never again (the store's claim is conditional).
 * `sync()` is also how incidents declared by another process (the CLI) get their timers.
 */
import type { Clock } from '../clock.js';
import type { IncidentRepo } from '../store/incidents.js';
import type { Background } from '../util/background.js';
import type { IncidentEngine } from './engine.js';

export interface DeadlineDeps {
  repo: IncidentRepo;
  engine: IncidentEngine;
  clock: Clock;
  /** the guarded timers deadlines run on (on `clock`) */
  background: Background;
  log?: (line: string) => void;
}

export class DeadlineScheduler {
  private readonly timers = new Map<string, () => void>();
  /** phases that need nothing more in this process: reminded, complete at their deadline, or closed */
  private readonly settled = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: DeadlineDeps) {}

  sync(): void {
    if (this.stopped) return;
    for (const d of this.deps.repo.pendingDeadlines()) {
      const key = `${d.incident_id}:${d.phase_id}`;
      if (this.timers.has(key) || this.settled.has(key)) continue;
      const delay = d.due_at - this.deps.clock.now();
      // Missed while nobody was watching (the bot was down): now, not at the next turn of some timer.
      if (delay <= 0) {
        this.fire(key, d.incident_id, d.phase_id);
        continue;
      }
      this.timers.set(key, this.deps.background.after(`deadline ${key}`, delay, () => this.fire(key, d.incident_id, d.phase_id)));
    }
  }

  private fire(key: string, id: number, phaseId: string): void {
    this.timers.delete(key);
    if (this.stopped) return;
    try {
      const r = this.deps.engine.checkDeadline(id, phaseId);
      if (r === 'not_due') this.sync();
      // A reminder is a thread line: the notifiers show it (Slack, or this console and logs/monitor.log).
      else this.settled.add(key);
    } catch (e) {
      this.deps.log?.(`incident #${id}: deadline check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
