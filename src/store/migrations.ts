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
  {
    version: 4,
    name: 'alerts, their events and Slack message, the notification outbox, monitor samples',
    sql: `
      CREATE TABLE alerts (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        key              TEXT NOT NULL,     -- service_down:llm, cpu, disk:/ ...
        kind             TEXT NOT NULL,
        service          TEXT,
        subject          TEXT,              -- the mount of a disk alert
        state            TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
        started_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        value            REAL,
        threshold        REAL,
        detail           TEXT,
        acked_by         TEXT,
        acked_at         INTEGER,
        resolved_at      INTEGER,
        resolution       TEXT,              -- recovered | restarted | stopped | running
        resolution_note  TEXT,
        silence          TEXT CHECK (silence IN ('1h', '4h', 'resolved')),
        silenced_until   INTEGER,
        silenced_by      TEXT,
        last_notified_at INTEGER NOT NULL,
        slack_channel    TEXT,
        slack_ts         TEXT
      );
      -- One active alert per key, whatever process raises it.
      CREATE UNIQUE INDEX alerts_active_key ON alerts (key) WHERE state <> 'resolved';
      CREATE INDEX alerts_state ON alerts (state);
      CREATE TABLE alert_events (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id  INTEGER NOT NULL REFERENCES alerts (id),
        at        INTEGER NOT NULL,
        type      TEXT NOT NULL,            -- fired | acknowledged | silenced | restart | ... | resolved
        actor     TEXT NOT NULL,
        text_key  TEXT,
        params    TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX alert_events_alert ON alert_events (alert_id, id);
      CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id   INTEGER NOT NULL REFERENCES alerts (id),
        kind       TEXT NOT NULL CHECK (kind IN ('render', 'note', 'renotify', 'snapshot')),
        text_key   TEXT,
        params     TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'done', 'failed')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    INTEGER NOT NULL,
        last_error TEXT,
        done_at    INTEGER,
        slack_ts   TEXT
      );
      CREATE INDEX outbox_open ON outbox (status, id);
      CREATE TABLE samples (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      INTEGER NOT NULL,
        subject TEXT NOT NULL,              -- 'host' or a service name
        data    TEXT NOT NULL
      );
      CREATE INDEX samples_at ON samples (at);
      CREATE INDEX samples_subject ON samples (subject, at);
    `,
  },
  {
    version: 5,
    name: 'incidents: phases with deadlines, steps, linked alerts, timeline, and their Slack outbox',
    sql: `
      CREATE TABLE incidents (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        title           TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
        lead            TEXT NOT NULL,     -- actor label: slack:U0123, cli:alice
        declared_by     TEXT NOT NULL,
        started_at      INTEGER NOT NULL,
        acknowledged_at INTEGER,
        recovered_at    INTEGER,
        root_cause_at   INTEGER,
        resolved_at     INTEGER,
        resolved_by     TEXT,
        slack_channel   TEXT,
        slack_ts        TEXT,
        postmortem      TEXT,              -- path of logs/incidents/<id>.md
        runbook         TEXT NOT NULL      -- JSON of the runbook as declared, so a config edit cannot reshape it
      );
      CREATE INDEX incidents_state ON incidents (state, id);
      CREATE TABLE incident_phases (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        phase_id    TEXT NOT NULL,
        ord         INTEGER NOT NULL,
        due_at      INTEGER NOT NULL,
        reminded_at INTEGER,               -- set once by a conditional UPDATE: one reminder across restarts
        PRIMARY KEY (incident_id, phase_id)
      );
      CREATE TABLE incident_steps (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        step_id     TEXT NOT NULL,
        phase_id    TEXT NOT NULL,
        ord         INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('open', 'running', 'done', 'failed')),
        by          TEXT,
        at          INTEGER,
        text        TEXT,
        detail      TEXT,
        PRIMARY KEY (incident_id, step_id)
      );
      CREATE TABLE incident_alerts (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        key         TEXT NOT NULL,
        alert_id    INTEGER,
        service     TEXT,
        title       TEXT NOT NULL,
        fired_at    INTEGER,
        linked_at   INTEGER NOT NULL,
        PRIMARY KEY (incident_id, key)
      );
      CREATE TABLE incident_events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        kind        TEXT NOT NULL,
        step_id     TEXT,
        text        TEXT
      );
      CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
      CREATE TABLE incident_outbox (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        kind        TEXT NOT NULL,         -- message | thread | post | file
        payload     TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        next_at     INTEGER NOT NULL,
        last_error  TEXT,
        done_at     INTEGER
      );
      CREATE INDEX incident_outbox_open ON incident_outbox (done_at, id);
    `,
  },
  {
    version: 6,
    name: 'alerts re-open: a key that fires again soon after it resolved re-opens its alert (fire count, current firing)',
    sql: `
      ALTER TABLE alerts ADD COLUMN fire_count INTEGER NOT NULL DEFAULT 1;
      -- When the current firing began; started_at stays the first one.
      ALTER TABLE alerts ADD COLUMN fired_at INTEGER NOT NULL DEFAULT 0;
      UPDATE alerts SET fired_at = started_at;
      CREATE INDEX alerts_key ON alerts (key, id);
    `,
  },
  {
    version: 7,
    name: 'incident outbox in flight: an item whose Slack call was under way when the bot died is looked up before it is sent again',
    sql: `
      ALTER TABLE incident_outbox ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE incident_outbox ADD COLUMN slack_ts TEXT;
    `,
  },
  {
    version: 8,
    name: 'one outbox for alerts, incidents and notices (rows of the alert outbox and incident_outbox moved over, in order)',
    sql: `
      ALTER TABLE outbox RENAME TO outbox_alerts_v4;
      CREATE TABLE outbox (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        subject     TEXT NOT NULL,             -- alert:12 | incident:3 | notice: delivery is in order per subject
        kind        TEXT NOT NULL,             -- alert.message | alert.line | incident.thread | notice ...
        params      TEXT NOT NULL DEFAULT '{}', -- codes and parameters, never rendered text
        line        TEXT,                      -- a named thread line, edited in place by later rows of the same line
        broadcast   INTEGER NOT NULL DEFAULT 0,
        mention     TEXT NOT NULL DEFAULT '[]',
        created_at  INTEGER NOT NULL,
        status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'maybe_sent', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        next_at     INTEGER NOT NULL,
        last_error  TEXT,
        done_at     INTEGER,
        mirrored_at INTEGER,                   -- shown on the console (while Slack is the destination)
        destination TEXT,                      -- slack | console
        ref_channel TEXT,                      -- the message it posted or edited
        ref_ts      TEXT
      );
      CREATE INDEX outbox_open_subject ON outbox (subject, id) WHERE status NOT IN ('done', 'failed');
      CREATE INDEX outbox_lines ON outbox (subject, line, id) WHERE line IS NOT NULL;
      CREATE INDEX outbox_done_at ON outbox (done_at) WHERE done_at IS NOT NULL;
      INSERT INTO outbox (subject, kind, params, created_at, status, attempts, next_at, last_error, done_at, mirrored_at, destination, ref_ts)
      SELECT subject, kind, params, created_at, status, attempts, next_at, last_error, done_at, mirrored_at, destination, ref_ts FROM (
        SELECT 'alert:' || alert_id AS subject,
               CASE kind WHEN 'render' THEN 'alert.message' WHEN 'note' THEN 'alert.line' ELSE 'alert.' || kind END AS kind,
               CASE kind WHEN 'note' THEN json_object('code', substr(COALESCE(text_key, 'alerts.note_'), 13), 'args', json(params)) ELSE params END AS params,
               created_at,
               CASE status WHEN 'in_flight' THEN 'sending' ELSE status END AS status,
               attempts, next_at, last_error, done_at,
               CASE WHEN status IN ('done', 'failed') THEN created_at END AS mirrored_at,
               CASE WHEN status = 'done' THEN 'slack' END AS destination,
               slack_ts AS ref_ts, 0 AS src, id AS old_id
          FROM outbox_alerts_v4
        UNION ALL
        SELECT 'incident:' || incident_id, 'incident.' || kind, payload, created_at,
               CASE WHEN done_at IS NULL THEN (CASE WHEN in_flight = 1 THEN 'sending' ELSE 'pending' END)
                    WHEN last_error IS NOT NULL THEN 'failed' ELSE 'done' END,
               attempts, next_at, last_error, done_at,
               CASE WHEN done_at IS NOT NULL THEN created_at END,
               CASE WHEN done_at IS NOT NULL AND last_error IS NULL THEN 'slack' END,
               slack_ts, 1, id
          FROM incident_outbox
      ) ORDER BY created_at, src, old_id;
      DROP TABLE outbox_alerts_v4;
      DROP TABLE incident_outbox;
    `,
  },
  {
    version: 9,
    name: 'one alert per fault: a crash loop escalates the service alert; the cause it knows (exit, start failure, last log error)',
    sql: `
      ALTER TABLE alerts ADD COLUMN escalation TEXT;           -- crash_loop once the restart policy gave up
      ALTER TABLE alerts ADD COLUMN cause TEXT NOT NULL DEFAULT '{}'; -- JSON: exit, error, log, restarts
    `,
  },
  {
    version: 10,
    name: 'runbook outcomes: skipped and not-needed steps, phase completion, who was notified, the host snapshots of the postmortem',
    sql: `
      -- SQLite cannot widen a CHECK constraint in place: the steps table is rebuilt with the two new states.
      CREATE TABLE incident_steps_v10 (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        step_id     TEXT NOT NULL,
        phase_id    TEXT NOT NULL,
        ord         INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('open', 'running', 'done', 'failed', 'skipped', 'not_needed')),
        by          TEXT,
        at          INTEGER,
        text        TEXT,
        detail      TEXT,                  -- outcome of a run, or the reason of a skip
        PRIMARY KEY (incident_id, step_id)
      );
      INSERT INTO incident_steps_v10 (incident_id, step_id, phase_id, ord, state, by, at, text, detail)
        SELECT incident_id, step_id, phase_id, ord, state, by, at, text, detail FROM incident_steps;
      DROP TABLE incident_steps;
      ALTER TABLE incident_steps_v10 RENAME TO incident_steps;
      -- When the phase's required steps were first all closed: met / late / skipped in the postmortem.
      ALTER TABLE incident_phases ADD COLUMN completed_at INTEGER;
      UPDATE incident_phases SET completed_at = (
          SELECT MAX(s.at) FROM incident_steps s WHERE s.incident_id = incident_phases.incident_id AND s.phase_id = incident_phases.phase_id)
        WHERE NOT EXISTS (SELECT 1 FROM incident_steps s
          WHERE s.incident_id = incident_phases.incident_id AND s.phase_id = incident_phases.phase_id AND s.state <> 'done');
      -- JSON {channel, mention, at, by} of the notify step's post: the incident message shows who was told.
      ALTER TABLE incidents ADD COLUMN notified TEXT;
      -- JSON host snapshot taken at resolution (the postmortem can be written again from the store).
      ALTER TABLE incidents ADD COLUMN resolved_snapshot TEXT;
      -- JSON summary of the host snapshot taken when the alert first fired (the postmortem's "at the start").
      ALTER TABLE alerts ADD COLUMN snapshot TEXT;
    `,
  },
  {
    version: 11,
    name: 'alerts from other sources (Alertmanager): their labels, annotations, links and the silence teachops made there',
    sql: `
      CREATE TABLE external_alerts (
        alert_id      INTEGER PRIMARY KEY REFERENCES alerts (id),
        source        TEXT NOT NULL,             -- alertmanager
        fingerprint   TEXT NOT NULL,             -- the source's identity of the alert (its label set's hash)
        labels        TEXT NOT NULL DEFAULT '{}', -- JSON, as received
        annotations   TEXT NOT NULL DEFAULT '{}', -- JSON, as received
        starts_at     INTEGER,                   -- when the source says the current firing began (epoch ms)
        generator_url TEXT,                      -- the rule's graph in Prometheus
        external_url  TEXT,                      -- Alertmanager's own UI
        receiver      TEXT,
        silence_id    TEXT,                      -- the silence teachops created at the source for this alert
        silence_expire_due INTEGER NOT NULL DEFAULT 0, -- 1: an until-resolved silence whose alert resolved, not yet expired there
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX external_alerts_fingerprint ON external_alerts (source, fingerprint);
      CREATE INDEX external_alerts_expire_due ON external_alerts (silence_expire_due) WHERE silence_expire_due = 1;
    `,
  },
];
