/**
 * The services.yaml contract, declared once: every key has a description and a default. The loader validates
 * with it, and `npm run docs` generates the README reference and the commented example from it.
 * Output keeps the YAML's snake_case names; durations become milliseconds and sizes bytes.
 */
import { z } from 'zod';
import { parseListenAddress } from './listen.js';
import { parseDuration, parseSize } from './units.js';

export const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

/** A duration string like "5s"; parsed to milliseconds. */
export function duration(def: string, description: string) {
  return z
    .string({ error: 'expected a duration like "5s" or "500ms"' })
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined) {
        ctx.issues.push({ code: 'custom', message: 'expected a duration like "5s" or "500ms"', input: s });
        return z.NEVER;
      }
      return ms;
    })
    .prefault(def)
    .describe(description);
}

function size(def: string, description: string) {
  return z
    .string({ error: 'expected a size like "50MB" or "512KB"' })
    .transform((s, ctx) => {
      const n = parseSize(s);
      if (n === undefined) {
        ctx.issues.push({ code: 'custom', message: 'expected a size like "50MB" or "512KB"', input: s });
        return z.NEVER;
      }
      return n;
    })
    .prefault(def)
    .describe(description);
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGKILL'] as const;
const envMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
const percent = z.number().min(1).max(100);

export const healthSchema = z
  .object({
    url: z.string().url().describe('URL fetched with HTTP GET; the service is healthy when it answers in time with the expected status'),
    timeout: duration('2s', 'how long one check may take'),
    expect_status: z.number().int().min(100).max(599).nullable().prefault(null).describe('status the check expects; null accepts any 2xx'),
  })
  .strict();

export const restartSchema = z
  .object({
    policy: z.enum(['on-failure', 'always', 'never']).prefault('on-failure').describe('restart after an unexpected exit (on-failure), after any exit (always), or never'),
    max_restarts: z.number().int().min(0).prefault(5).describe('more restarts than this within `window` is a crash loop: teachops gives up and alerts'),
    window: duration('10m', 'the crash-loop window; the backoff resets after the service stays healthy this long'),
    backoff: duration('1s', 'first delay before an automatic restart; doubles each time'),
    backoff_max: duration('30s', 'longest delay between automatic restarts'),
  })
  .strict();

export const serviceSchema = z
  .object({
    title: z.string().optional().describe('display title (default: the service name)'),
    command: z
      .union([z.string().min(1), z.array(z.string()).min(1)])
      .describe('the program and its arguments: a string split like a shell would (never run by one) or an argv list'),
    cwd: z.string().prefault('.').describe('working directory, relative to the config file'),
    env: envMap.prefault({}).describe('extra environment variables for the service'),
    env_file: z.string().nullable().prefault(null).describe('dotenv file merged into the service environment (relative to the config file)'),
    required_env: z.array(z.string()).prefault([]).describe('variables that must be set (after loading env_file) or the start is refused'),
    port: z.number().int().min(1).max(65535).nullable().prefault(null).describe('TCP port the service listens on; must be free before start'),
    health: healthSchema.nullable().prefault(null).describe('HTTP health check; without one, "running" is all teachops can say'),
    depends_on: z.array(z.string()).prefault([]).describe('services started (and healthy) before this one; stopped after it'),
    autostart: z.boolean().prefault(true).describe('started by `teach run`'),
    start_timeout: duration('30s', 'the health check must pass within this after spawn, or the start fails'),
    stop_signal: z.enum(SIGNALS).prefault('SIGTERM').describe('signal sent to the process group to stop it'),
    stop_timeout: duration('10s', 'wait this long after stop_signal, then SIGKILL the process group'),
    restart: restartSchema.prefault({}).describe('automatic restart policy'),
    fallback: z
      .object({
        env: envMap.prefault({}).describe('environment overrides of the fallback'),
        env_file: z
          .string()
          .nullable()
          .prefault(null)
          .describe("dotenv file merged over the service's own env_file while the fallback runs (relative to the config file)"),
        required_env: z
          .array(z.string())
          .nullable()
          .prefault(null)
          .describe("variables the fallback needs instead of the service's required_env (null: the same as the service)"),
      })
      .strict()
      .nullable()
      .prefault(null)
      .describe('"switch to the fallback": the same service restarted with these overrides; kept across restarts until switched back'),
    limits: z
      .object({
        cpu_percent: percent.optional().describe('alert when the service uses more CPU % than this'),
        memory_mb: z.number().positive().optional().describe('alert when the service uses more memory (MB) than this'),
      })
      .strict()
      .prefault({})
      .describe('per-service alert thresholds'),
  })
  .strict();

export const monitorSchema = z
  .object({
    interval: duration('5s', 'how often services and the host are sampled'),
    health_failures: z.number().int().min(1).prefault(3).describe('consecutive failed health checks before a health alert'),
    thresholds: z
      .object({
        cpu_percent: percent.prefault(80).describe('system CPU % alert threshold'),
        memory_percent: percent.prefault(80).describe('system memory % alert threshold'),
        disk_percent: percent.prefault(90).describe('disk usage % alert threshold, per watched mount'),
      })
      .strict()
      .prefault({})
      .describe('host alert thresholds'),
    for: z.number().int().min(1).prefault(3).describe('consecutive samples over a threshold before it fires; clears after as many below'),
    disks: z.array(z.string()).prefault(['/']).describe('mount points to watch'),
  })
  .strict();

export const alertsSchema = z
  .object({
    channel: z.string().nullable().prefault(null).describe('Slack channel id for alerts and incidents (alerts go to the console when unset)'),
    repeat_after: duration('15m', 'unacknowledged alerts are re-notified in their thread this often'),
    escalate_to: z
      .array(z.string())
      .prefault([])
      .describe(
        'who is mentioned when an alert fires, fires again after it resolved, escalates to a crash loop, and at each re-notification: "<!subteam^S0123>" (a user group), "<@U0123>", "<!here>"; whoever acknowledged an alert before is mentioned too when it comes back',
      ),
    announce_cli: z
      .boolean()
      .prefault(true)
      .describe(
        'a start, stop or restart from the host (`teach restart llm`) posts one line in alerts.channel ("llm restarted from the host by root"); queued in the outbox and posted by `teach run` (at once when it runs, else when it starts, with the time it happened)',
      ),
  })
  .strict();

export const accessSchema = z
  .object({
    operators: z.array(z.string()).prefault([]).describe('Slack user ids that may start/stop/restart, acknowledge, silence and run runbook steps'),
    channels: z.array(z.string()).prefault([]).describe('channel ids where /teach answers; empty means anywhere'),
  })
  .strict();

export const backupSchema = z
  .object({
    schedule: z.string().prefault('0 3 * * *').describe('cron expression for the daily backup'),
    dir: z.string().prefault('../backups').describe('where archives are written (relative to the config file)'),
    keep: z.number().int().min(1).prefault(7).describe('archives kept; older ones are removed'),
    include: z.array(z.string()).prefault([]).describe('extra files (e.g. *.db) to include, relative to the config file'),
  })
  .strict();

export const logRotationSchema = z
  .object({
    max_size: size('50MB', 'rotate a log file when it grows past this'),
    keep: z.number().int().min(1).prefault(5).describe('rotated generations kept per log (gzip-compressed, or plain while they wait for compression)'),
  })
  .strict();

/** `host:port` (IPv6 in brackets); parsed to { host, port }. */
function listenAddress(def: string, description: string) {
  // Inline like the duration message: the catalogue's types are built on this schema's output.
  const expected = 'expected an address like "127.0.0.1:9464" (host:port, port 1-65535)';
  return z
    .string({ error: expected })
    .transform((s, ctx) => {
      const address = parseListenAddress(s);
      if (!address) {
        ctx.issues.push({ code: 'custom', message: expected, input: s });
        return z.NEVER;
      }
      return address;
    })
    .prefault(def)
    .describe(description);
}

export const metricsSchema = z
  .object({
    listen: listenAddress('127.0.0.1:9464', 'address of the /metrics listener (host:port); use the host\'s LAN address or 0.0.0.0 so a Prometheus on another machine can scrape it'),
    host: z.string().min(1).nullable().prefault(null).describe('value of the `host` label on every series and generated rule (null: this machine\'s hostname)'),
    runbook_url: z
      .string()
      .url()
      .nullable()
      .prefault(null)
      .describe('runbook link in every rule `teach prometheus rules` writes; {alert} is replaced by the alert kind (null: the Alerts section of the README next to teachops)'),
  })
  .strict();

export const configSchema = z
  .object({
    name: z.string().prefault('teachops').describe('shown in messages'),
    locale: z.enum(['en', 'zh-CN']).prefault('en').describe('language of every message teachops writes'),
    env_file: z
      .string()
      .nullable()
      .prefault(null)
      .describe('dotenv file whose variables fill ${VAR} in this file (relative to it; null: .env beside it, when present); the environment wins'),
    logs_dir: z.string().prefault('../logs').describe('service logs, monitor.log, pids/, the state database, reports/ and incidents/ (relative to the config file)'),
    services: z.record(z.string(), serviceSchema).prefault({}).describe('the supervised services, by name ([a-z][a-z0-9-]*)'),
    monitor: monitorSchema.prefault({}).describe('sampling and alert rules'),
    alerts: alertsSchema.prefault({}).describe('where and how alerts are posted'),
    access: accessSchema.prefault({}).describe('who may change things from Slack'),
    runbook: z.string().nullable().prefault(null).describe('emergency runbook file (relative to the config file)'),
    backup: backupSchema.prefault({}).describe('scheduled backups'),
    log_rotation: logRotationSchema.prefault({}).describe('size-based rotation of service and teachops logs'),
    metrics: metricsSchema.nullable().prefault(null).describe('Prometheus metrics served by `teach run` at /metrics on their own listener; off when absent'),
  })
  .strict();

export type RawConfig = z.output<typeof configSchema>;
export type RawService = z.output<typeof serviceSchema>;
