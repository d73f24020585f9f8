/**
 * One row per actionable Slack button (Restart llm, Confirm stop ...). A click consumes its row with a single
 * conditional UPDATE, so two clicks racing each other (a double click, two operators, two bot processes) act once:
 * the loser reads who won and when. The row, not the button's value, is the authority on what the button does.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export type ButtonResult = 'done' | 'cancelled';

export interface ButtonToken {
  token: string;
  kind: string;
  target: string;
  version: string;
  created_by: string;
  created_at: number;
  used_at: number | null;
  used_by: string | null;
  result: ButtonResult | null;
}

export type ConsumeResult = { status: 'consumed'; row: ButtonToken } | { status: 'used'; row: ButtonToken } | { status: 'unknown' };

export class ButtonRepo {
  constructor(protected readonly db: Db) {}

  static newToken(): string {
    return randomBytes(12).toString('hex');
  }

  issue(b: { kind: string; target: string; version: string; by: string; at: number }): string {
    const token = ButtonRepo.newToken();
    this.db
      .prepare('INSERT INTO button_tokens (token, kind, target, version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(token, b.kind, b.target, b.version, b.by, b.at);
    return token;
  }

  get(token: string): ButtonToken | undefined {
    return this.db.prepare('SELECT * FROM button_tokens WHERE token = ?').get(token) as ButtonToken | undefined;
  }

  /** Marks the token used unless it already is; tells which happened. */
  consume(token: string, by: string, at: number, result: ButtonResult = 'done'): ConsumeResult {
    const r = this.db.prepare('UPDATE button_tokens SET used_at = ?, used_by = ?, result = ? WHERE token = ? AND used_at IS NULL').run(at, by, result, token);
    const row = this.get(token);
    if (row === undefined) return { status: 'unknown' };
    return r.changes === 1 ? { status: 'consumed', row } : { status: 'used', row };
  }

  /** Forgets tokens older than `before` (epoch ms); their buttons then answer as unknown (stale). */
  prune(before: number): number {
    return this.db.prepare('DELETE FROM button_tokens WHERE created_at < ?').run(before).changes;
  }
}
