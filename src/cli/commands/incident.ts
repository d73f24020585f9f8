/**
 * `teach incident start [title] [--alert <id>]`, `list [--json]`, `show <id> [--json]`, `export <id> [-o file]`.
 * `start` records the incident in the store; the running bot posts it to Slack and keeps its deadlines.
 * The bodies (incident.run.ts, and the runbook loader: yaml, zod) are imported when a subcommand runs, so
 * `teach status` stays light.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('incident').description('declare, list, show and export incidents (the emergency runbook)');

  cmd
    .command('start [title...]')
    .description('declare an incident with you as lead; the bot posts its runbook to Slack')
    .option('--alert <id>', 'link this alert (its id from `teach alerts`)')
    .action(async (words: string[], opts: { alert?: string }) => (await import('./incident.run.js')).runIncidentStart(ctx, words, opts));

  cmd
    .command('list')
    .description('the latest incidents, newest first')
    .option('-n, --lines <n>', 'how many', '20')
    .option('--json', 'print as JSON')
    .action(async (opts: { lines: string; json?: boolean }) => (await import('./incident.run.js')).runIncidentList(ctx, opts));

  cmd
    .command('show <id>')
    .description('phases, steps and timeline of one incident')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) => (await import('./incident.run.js')).runIncidentShow(ctx, id, opts));

  cmd
    .command('export <id>')
    .description('the postmortem as Markdown (to stdout, or --output file)')
    .option('-o, --output <file>', 'write it to this file')
    .action(async (id: string, opts: { output?: string }) => (await import('./incident.run.js')).runIncidentExport(ctx, id, opts));
}
