/**
 * Numbered migrations. Append only: never edit a migration that has shipped; add the next number.
 * Later areas (alerts, outbox, incidents) append their own.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'desired state, locks, audit',
    sql: `
      CREATE TABLE desired_state (
        service    TEXT PRIMARY KEY,
        state      TEXT NOT NULL CHECK (state IN ('running', 'stopped')),
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE TABLE locks (
        name         TEXT PRIMARY KEY,
        token        TEXT NOT NULL,
        holder_pid   INTEGER NOT NULL,
        holder_start TEXT NOT NULL,
        holder_boot  TEXT NOT NULL,
        purpose      TEXT NOT NULL,
        acquired_at  INTEGER NOT NULL
      );
      CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          INTEGER NOT NULL,
        source      TEXT NOT NULL,       -- cli | slack | teachops
        actor       TEXT NOT NULL,       -- CLI user name, Slack user id, or 'teachops'
        channel     TEXT,                -- Slack channel id, or the CLI's tty
        action      TEXT NOT NULL,       -- restart, stop, ack, ...
        args        TEXT NOT NULL,       -- JSON
        outcome     TEXT NOT NULL,       -- ok | failed | refused | error
        detail      TEXT,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);
      CREATE TABLE service_stats (
        service        TEXT PRIMARY KEY,
        restarts       INTEGER NOT NULL DEFAULT 0,
        last_exit_code INTEGER,
        last_exit_at   INTEGER,
        fatal          INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 2,
    name: 'key-value cache (last /proc/stat read for CPU %)',
    sql: `
      CREATE TABLE kv (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'Slack button tokens (a click acts once; a second click is told who did it and when)',
    sql: `
      CREATE TABLE button_tokens (
        token      TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,       -- what the button does: restart, confirm:stop, ...
        target     TEXT NOT NULL,       -- service name or 'all'
        version    TEXT NOT NULL,       -- state the button was drawn for (the pid shown), checked at click time
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        used_at    INTEGER,
        used_by    TEXT,
        result     TEXT                 -- done | cancelled
      );
      CREATE INDEX button_tokens_created ON button_tokens (created_at);
    `,
  },
];
