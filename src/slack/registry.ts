/**
 * Every `/teach` subcommand and every button kind, listed once. Adding one is one file plus one line here
 * (e.g. `alerts` in commands, `acknowledgeAlert` in actions). The order of `commands` is the order of the help.
 */
import type { ActionRoute, CommandRoute, ViewRoute } from './routes.js';
import { help } from './commands/help.js';
import { status } from './commands/status.js';
import { start } from './commands/start.js';
import { stop } from './commands/stop.js';
import { restart } from './commands/restart.js';
import { logs } from './commands/logs.js';
import { monitor } from './commands/monitor.js';
import { report } from './commands/report.js';
import { backup } from './commands/backup.js';
import { refreshStatus } from './actions/refresh-status.js';
import { restartService } from './actions/restart-service.js';
import { confirmLifecycle } from './actions/confirm-lifecycle.js';
import { cancelLifecycle } from './actions/cancel-lifecycle.js';
import { incident } from './commands/incident.js';
import { incidents } from './commands/incidents.js';
import { incidentDone } from './actions/incident-done.js';
import { incidentRun } from './actions/incident-run.js';
import { incidentWrite } from './actions/incident-write.js';
import { incidentLead } from './actions/incident-lead.js';
import { incidentResolve } from './actions/incident-resolve.js';
import { incidentPick } from './actions/incident-pick.js';
import { incidentSwitchBack } from './actions/incident-switch-back.js';
import { incidentRenameTitle, incidentSkipReason, incidentText } from './actions/incident-modals.js';
import { incidentSkip } from './actions/incident-skip.js';
import { incidentRename } from './actions/incident-rename.js';
import { alerts } from './commands/alerts.js';
import { acknowledgeAlertAction } from './actions/alert-ack.js';
import { silenceAlertAction } from './actions/alert-silence.js';
import { restartFromAlert } from './actions/alert-restart.js';
import { startRunbookFromAlert } from './actions/alert-runbook.js';
import { unsilenceAlertAction } from './actions/alert-unsilence.js';

export const commands: CommandRoute[] = [help, status, start, stop, restart, logs, monitor, report, backup, incident, incidents, alerts];

export const actions: ActionRoute[] = [refreshStatus, restartService, confirmLifecycle, cancelLifecycle, incidentDone, incidentRun, incidentWrite, incidentLead, incidentResolve, incidentPick, incidentSwitchBack, incidentSkip, incidentRename, acknowledgeAlertAction, silenceAlertAction, restartFromAlert, startRunbookFromAlert, unsilenceAlertAction];

/** Modal submissions, by callback_id. */
export const views: ViewRoute[] = [incidentText, incidentSkipReason, incidentRenameTitle];

/** What `/teach` with no words (or an unknown one) shows. */
export const fallbackCommand: CommandRoute = help;
