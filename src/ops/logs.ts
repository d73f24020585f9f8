/** `logs <svc> [lines]`: the last lines of a service log (across a rotation), redacted, with the error summary. */
import type { Actor, OpsContext } from './types.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { assertKnownService } from './services.js';
import { secretValuesOf } from '../config/secrets.js';
import { scanLog, tailAcrossRotation, type LogScan } from '../probes/logs.js';
import { errorLines, healthPathsOf } from '../probes/error-summary.js';
import { paths } from '../util/paths.js';
import { redactLines } from '../util/redact.js';

export interface LogView {
  service: string;
  file: string;
  lines: string[];
  summary: LogScan;
}

export const LOG_LINES_DEFAULT = 20;
export const LOG_LINES_MAX = 100;

export async function readServiceLog(ctx: OpsContext, actor: Actor, service: string, n: number, opts: { errorsOnly?: boolean } = {}): Promise<LogView> {
  return audited(ctx, actor, { action: 'logs', args: { service, lines: n } }, async () => {
    assertKnownService(ctx.config, service);
    // Logs can reveal more than status does: from Slack they are for operators only.
    assertMayMutate(ctx.config, actor);
    const file = paths.serviceLog(ctx.config.logs_dir, service);
    const secrets = secretValuesOf(ctx.config);
    const healthPaths = healthPathsOf(ctx.config.services[service]?.health);
    const [raw, summary] = await Promise.all([tailAcrossRotation(file, opts.errorsOnly ? 2000 : n), scanLog(file, 200, secrets, { healthPaths })]);
    // The same classifier as the summary: whole tracebacks, failed requests, no health-check noise.
    const lines = redactLines(opts.errorsOnly ? errorLines(raw, { healthPaths }).slice(-n) : raw, secrets);
    return { service, file, lines, summary };
  });
}
