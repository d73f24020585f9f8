/** The body of `teach doctor` (registered in doctor.ts, loaded when it runs). */
import type { CliContext } from '../context.js';
import { logsCheck, nodeCheck, nofileCheck, serviceChecks, type DoctorCheck } from '../../ops/doctor.js';
import { slackHealthCheck } from '../../ops/slack-health.js';
import { isTeachopsError } from '../../errors.js';
import { fileSafetyChecks, storeCheck } from '../../ops/doctor-files.js';
import { cacheCheck } from '../../ops/doctor-cache.js';
import { paint } from '../render/color.js';

export async function runDoctor(ctx: CliContext, opts: { json?: boolean; repair?: boolean }): Promise<void> {
  const checks: DoctorCheck[] = [nodeCheck(ctx.tr)];
  let configOk = true;
  try {
    const config = await ctx.loadFresh();
    checks.push({ name: 'config', level: 'ok', detail: ctx.tr('doctor.config_ok', { file: config.file, n: config.serviceNames.length }) });
  } catch (e) {
    configOk = false;
    checks.push({ name: 'config', level: 'fail', detail: e instanceof Error ? e.message : String(e), ...(isTeachopsError(e) && e.hint ? { hint: e.hint } : {}) });
  }
  if (configOk && ctx.config().runbook) {
    const file = ctx.config().runbook!;
    try {
      const { loadRunbook } = await import('../../incidents/runbook-load.js');
      const rb = loadRunbook(file, { cwd: ctx.io.cwd });
      checks.push({ name: 'runbook', level: 'ok', detail: ctx.tr('cli.runbook_ok', { file, phases: rb.phases.length, steps: rb.phases.reduce((n, p) => n + p.steps.length, 0) }) });
    } catch (e) {
      checks.push({ name: 'runbook', level: 'fail', detail: e instanceof Error ? e.message : String(e), ...(isTeachopsError(e) && e.hint ? { hint: e.hint } : {}) });
    }
  }
  if (configOk && opts.repair) {
    const { repairStore } = await import('../../ops/repair.js');
    for (const line of repairStore(ctx.config(), ctx.tr, `cli:${ctx.actor().id}`).lines) ctx.io.out(line);
  }
  if (configOk) {
    checks.push(logsCheck(ctx.config(), ctx.tr));
    const store = storeCheck(ctx.config(), ctx.tr);
    checks.push(store);
    checks.push(...fileSafetyChecks(ctx.config(), ctx.tr));
    checks.push(cacheCheck(ctx.tr, ctx.io.env));
    // The service checks read the store; with a damaged one they would only repeat its error.
    if (store.level !== 'fail') {
      checks.push(...serviceChecks(ctx.config(), ctx.supervisor(), ctx.tr, ctx.io.env));
      const slack = slackHealthCheck(ctx.ops().store, ctx.tr);
      if (slack) checks.push(slack);
    }
  }
  checks.push(nofileCheck(ctx.tr));
  if (opts.json) ctx.io.out(JSON.stringify(checks, null, 2));
  else {
    const p = paint(ctx.color);
    for (const c of checks) {
      const mark = c.level === 'ok' ? p.green('✔') : c.level === 'warn' ? p.yellow('!') : p.red('✘');
      ctx.io.out(`${mark} ${c.name}: ${c.detail}`);
      if (c.hint) ctx.io.out(`  ${ctx.tr('cli.fix', { hint: c.hint })}`);
    }
  }
  if (checks.some((c) => c.level === 'fail')) ctx.setExit(1);
}
