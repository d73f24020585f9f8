/**
 * Incidents, their phases (deadlines), steps, linked alerts and timeline. Every state change is one conditional
 * UPDATE, so two clicks racing (a double click, two operators, the bot and a CLI) change a step once and the loser
 * reads the current row to say why. The runbook is copied into the incident when it is declared.
 */
import type { Db } from './db.js';
import type { Incident, IncidentPhase, IncidentStep, LinkedAlert, Notified, Runbook, StepState, TimelineEvent, TimelineKind } from '../incidents/types.js';

export interface NewIncident {
  title: string;
  by: string;
  at: number;
  runbook: Runbook;
  alerts: Omit<LinkedAlert, 'linked_at'>[];
  /** the Slack channel its message goes to */
  channel: string | null;
}

type Row = Omit<Incident, 'phases' | 'steps' | 'alerts' | 'channel' | 'message_ts' | 'notified'> & {
  slack_channel: string | null;
  slack_ts: string | null;
  runbook: string;
  notified: string | null;
  resolved_snapshot: string | null;
};
type StepRow = { step_id: string; phase_id: string; state: StepState; by: string | null; at: number | null; text: string | null; detail: string | null };
type PhaseRow = { phase_id: string; due_at: number; reminded_at: number | null; completed_at: number | null };
export type MilestoneField = 'acknowledged_at' | 'recovered_at' | 'root_cause_at';

export class IncidentRepo {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction: a state change, its timeline line and its outbox items land together or not at all. */
  atomic<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  create(n: NewIncident): number {
    return this.db.transaction(() => {
      const r = this.db
        .prepare("INSERT INTO incidents (title, state, lead, declared_by, started_at, runbook, slack_channel) VALUES (?, 'open', ?, ?, ?, ?, ?)")
        .run(n.title, n.by, n.by, n.at, JSON.stringify(n.runbook), n.channel);
      const id = Number(r.lastInsertRowid);
      const phase = this.db.prepare('INSERT INTO incident_phases (incident_id, phase_id, ord, due_at) VALUES (?, ?, ?, ?)');
      const step = this.db.prepare("INSERT INTO incident_steps (incident_id, step_id, phase_id, ord, state) VALUES (?, ?, ?, ?, 'open')");
      let ord = 0;
      n.runbook.phases.forEach((p, i) => {
        phase.run(id, p.id, i, n.at + p.due_ms);
        for (const s of p.steps) step.run(id, s.id, p.id, ord++);
      });
      for (const a of n.alerts) this.linkAlert(id, a, n.at);
      return id;
    })();
  }

  get(id: number): Incident | undefined {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as Row | undefined;
    if (!row) return undefined;
    const runbook = JSON.parse(row.runbook) as Runbook;
    const phases = this.db.prepare('SELECT phase_id, due_at, reminded_at, completed_at FROM incident_phases WHERE incident_id = ? ORDER BY ord').all(id) as PhaseRow[];
    const steps = this.db.prepare('SELECT * FROM incident_steps WHERE incident_id = ? ORDER BY ord').all(id) as StepRow[];
    const alerts = this.db.prepare('SELECT key, alert_id, service, title, fired_at, linked_at FROM incident_alerts WHERE incident_id = ? ORDER BY linked_at, key').all(id) as LinkedAlert[];
    const rbPhase = new Map(runbook.phases.map((p) => [p.id, p]));
    const rbStep = new Map(runbook.phases.flatMap((p) => p.steps.map((s) => [s.id, s] as const)));
    const { slack_channel, slack_ts, runbook: _json, notified, resolved_snapshot: _snapshot, ...rest } = row;
    return {
      ...rest,
      channel: slack_channel,
      message_ts: slack_ts,
      notified: notified === null ? null : (JSON.parse(notified) as Notified),
      phases: phases.map(
        (p): IncidentPhase => ({
          id: p.phase_id,
          title: rbPhase.get(p.phase_id)?.title ?? p.phase_id,
          milestone: rbPhase.get(p.phase_id)?.milestone ?? null,
          due_at: p.due_at,
          reminded_at: p.reminded_at,
          completed_at: p.completed_at,
        }),
      ),
      steps: steps.map((s): IncidentStep => {
        const def = rbStep.get(s.step_id);
        return {
          id: s.step_id, phase_id: s.phase_id, title: def?.title ?? s.step_id, kind: def?.kind ?? 'manual', run: def?.run ?? null, optional: def?.optional === true,
          state: s.state, by: s.by, at: s.at, text: s.text, detail: s.detail,
        };
      }),
      alerts,
    };
  }

  /** The runbook as it was when the incident was declared. */
  runbookOf(id: number): Runbook | undefined {
    const json = this.db.prepare('SELECT runbook FROM incidents WHERE id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Runbook);
  }

  /** Newest first. */
  list(opts: { state?: 'open' | 'resolved'; limit?: number } = {}): Incident[] {
    const ids = (
      opts.state
        ? this.db.prepare('SELECT id FROM incidents WHERE state = ? ORDER BY id DESC LIMIT ?').all(opts.state, opts.limit ?? 50)
        : this.db.prepare('SELECT id FROM incidents ORDER BY id DESC LIMIT ?').all(opts.limit ?? 50)
    ) as { id: number }[];
    return ids.map((r) => this.get(r.id)!).filter(Boolean);
  }

  setLead(id: number, lead: string): boolean {
    return this.db.prepare("UPDATE incidents SET lead = ? WHERE id = ? AND state = 'open' AND lead <> ?").run(lead, id, lead).changes === 1;
  }

  /** Moves a step to `to` only from one of `from`; false when it was not in one of them (someone else was first). */
  setStep(id: number, stepId: string, from: StepState[], to: { state: StepState; by: string; at: number; text?: string | null; detail?: string | null }): boolean {
    const marks = from.map(() => '?').join(', ');
    const r = this.db
      .prepare(
        `UPDATE incident_steps SET state = ?, by = ?, at = ?, text = COALESCE(?, text), detail = ?
         WHERE incident_id = ? AND step_id = ? AND state IN (${marks})
           AND (SELECT state FROM incidents WHERE id = ?) = 'open'`,
      )
      .run(to.state, to.by, to.at, to.text ?? null, to.detail ?? null, id, stepId, ...from, id);
    return r.changes === 1;
  }

  /** Records a milestone time the first time it is reached. */
  markMilestone(id: number, field: MilestoneField, at: number): boolean {
    return this.db.prepare(`UPDATE incidents SET ${field} = ? WHERE id = ? AND ${field} IS NULL`).run(at, id).changes === 1;
  }

  /** Claims a phase's one reminder; false when it was already sent (by this process before a restart, or another). */
  claimReminder(id: number, phaseId: string, at: number): boolean {
    return this.db.prepare('UPDATE incident_phases SET reminded_at = ? WHERE incident_id = ? AND phase_id = ? AND reminded_at IS NULL').run(at, id, phaseId).changes === 1;
  }

  /** Steps shown as running (the caller checks whether the process running each one is still alive). */
  runningSteps(): { incident_id: number; step_id: string }[] {
    return this.db
      .prepare("SELECT s.incident_id, s.step_id FROM incident_steps s JOIN incidents i ON i.id = s.incident_id WHERE i.state = 'open' AND s.state = 'running'")
      .all() as { incident_id: number; step_id: string }[];
  }

  /** Phase deadlines of open incidents whose reminder has not been sent. */
  pendingDeadlines(): { incident_id: number; phase_id: string; due_at: number }[] {
    return this.db
      .prepare(
        `SELECT p.incident_id, p.phase_id, p.due_at FROM incident_phases p JOIN incidents i ON i.id = p.incident_id
         WHERE i.state = 'open' AND p.reminded_at IS NULL ORDER BY p.due_at`,
      )
      .all() as { incident_id: number; phase_id: string; due_at: number }[];
  }

  /** Records when a phase's required steps were first all closed; false when it already was. */
  completePhase(id: number, phaseId: string, at: number): boolean {
    return this.db.prepare('UPDATE incident_phases SET completed_at = ? WHERE incident_id = ? AND phase_id = ? AND completed_at IS NULL').run(at, id, phaseId).changes === 1;
  }

  setTitle(id: number, title: string): boolean {
    return this.db.prepare("UPDATE incidents SET title = ? WHERE id = ? AND state = 'open' AND title <> ?").run(title, id, title).changes === 1;
  }

  setNotified(id: number, n: Notified): void {
    this.db.prepare('UPDATE incidents SET notified = ? WHERE id = ?').run(JSON.stringify(n), id);
  }

  /** The host snapshot taken at resolution (JSON as given), for the postmortem written now or exported later. */
  setResolvedSnapshot(id: number, snapshot: unknown): void {
    this.db.prepare('UPDATE incidents SET resolved_snapshot = ? WHERE id = ?').run(JSON.stringify(snapshot), id);
  }

  resolvedSnapshot<T>(id: number): T | null {
    const json = this.db.prepare('SELECT resolved_snapshot FROM incidents WHERE id = ?').pluck().get(id) as string | null | undefined;
    return json ? (JSON.parse(json) as T) : null;
  }

  setMessage(id: number, channel: string, ts: string): void {
    this.db.prepare('UPDATE incidents SET slack_channel = ?, slack_ts = ? WHERE id = ?').run(channel, ts, id);
  }

  resolve(id: number, by: string, at: number): boolean {
    return this.db.prepare("UPDATE incidents SET state = 'resolved', resolved_by = ?, resolved_at = ? WHERE id = ? AND state = 'open'").run(by, at, id).changes === 1;
  }

  setPostmortem(id: number, file: string): void {
    this.db.prepare('UPDATE incidents SET postmortem = ? WHERE id = ?').run(file, id);
  }

  linkAlert(id: number, a: Omit<LinkedAlert, 'linked_at'>, at: number): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO incident_alerts (incident_id, key, alert_id, service, title, fired_at, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, a.key, a.alert_id, a.service, a.title, a.fired_at, at).changes === 1
    );
  }

  addEvent(e: { incident_id: number; at: number; actor: string; kind: TimelineKind; step_id?: string | null; text?: string | null }): number {
    const r = this.db
      .prepare('INSERT INTO incident_events (incident_id, at, actor, kind, step_id, text) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.incident_id, e.at, e.actor, e.kind, e.step_id ?? null, e.text ?? null);
    return Number(r.lastInsertRowid);
  }

  events(id: number): TimelineEvent[] {
    return this.db.prepare('SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id').all(id) as TimelineEvent[];
  }

  /** How many are open (the /metrics gauge): one indexed count, without loading them. */
  countOpen(): number {
    return this.db.prepare("SELECT COUNT(*) FROM incidents WHERE state = 'open'").pluck().get() as number;
  }
}
