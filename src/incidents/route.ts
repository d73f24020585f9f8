/**
 * Where an incident's notifications end up, as the runbook's answers need to say it (the operations layer finds it
 * out: src/ops/incident-route.ts): Slack, the console of `teach run` and logs/monitor.log, or queued until
 * `teach run` starts.
 */
export type IncidentRoute =
  | { kind: 'slack'; channel: string }
  /** Slack is configured but refuses the token or cannot be reached: the console meanwhile, Slack once it answers */
  | { kind: 'slack_down'; channel: string; reason: string }
  /** `teach run` has no Slack, or no channel to post in */
  | { kind: 'console'; why: 'no_slack' | 'no_channel' }
  /** no `teach run`: the outbox keeps it until one starts */
  | { kind: 'no_daemon' };
