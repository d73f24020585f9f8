/**
 * `teach incident ...`: the emergency runbook from the terminal, through the same operations as Slack. `start`
 * records the incident; `show` prints its phases, deadlines and steps; `step <id> <step> run|done|skip` moves a step
 * (`run` does the built-in action here, in this process); `note`, `lead`, `rename`, `resolve`; `list`, `export`.
 * The running bot delivers what changed (Slack, or its console and logs/monitor.log) and keeps the deadlines.
 * The bodies (and the runbook loader: yaml, zod) are imported when a subcommand runs, so `teach status` stays light.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

const body = () => import('./incident.run.js');
const steps = () => import('./incident-step.run.js');

export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('incident').description('the emergency runbook: declare, show, run its steps, resolve');

  cmd
    .command('start [title...]')
    .description('declare an incident with you as lead (says where its updates go)')
    .option('--alert <id>', 'link this alert (its id from `teach alerts`); the title is then the alert\'s')
    .action(async (words: string[], opts: { alert?: string }) => (await body()).runIncidentStart(ctx, words, opts));

  cmd
    .command('list')
    .description('the latest incidents, newest first')
    .option('-n, --lines <n>', 'how many', '20')
    .option('--json', 'print as JSON')
    .action(async (opts: { lines: string; json?: boolean }) => (await body()).runIncidentList(ctx, opts));

  cmd
    .command('show <id>')
    .description('phases with their deadlines, every step and its state, the timeline')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) => (await body()).runIncidentShow(ctx, id, opts));

  cmd
    .command('step <id> <step> <action>')
    .description('run | done | skip a step: run does its action (restart, fallback, verify ...), done ticks a manual step, skip needs --reason')
    .option('--reason <text>', 'why the step is skipped (required with skip)')
    .option('--service <name>', 'the service, when run asks which one (restart, fallback)')
    .action(async (id: string, step: string, action: string, opts: { reason?: string; service?: string }) => (await steps()).runIncidentStep(ctx, id, step, action, opts));

  cmd
    .command('note <id> <step> <text...>')
    .description('write the text of a note step (cause, prevent, docs), or add a note to any other step')
    .action(async (id: string, step: string, words: string[]) => (await steps()).runIncidentNote(ctx, id, step, words));

  cmd
    .command('lead <id>')
    .description('take the lead of an incident (reminders mention the lead)')
    .action(async (id: string) => (await steps()).runIncidentLead(ctx, id));

  cmd
    .command('rename <id> <title...>')
    .description('give the incident a new title (the postmortem uses the final one)')
    .action(async (id: string, words: string[]) => (await steps()).runIncidentRename(ctx, id, words));

  cmd
    .command('resolve <id>')
    .description('close the incident and write its postmortem (logs/incidents/<id>.md)')
    .action(async (id: string) => (await steps()).runIncidentResolve(ctx, id));

  cmd
    .command('export <id>')
    .description('the postmortem as Markdown (to stdout, or --output file)')
    .option('-o, --output <file>', 'write it to this file')
    .action(async (id: string, opts: { output?: string }) => (await body()).runIncidentExport(ctx, id, opts));
}
