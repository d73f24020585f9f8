/**
 * Start runbook on an alert: declares the incident for `v.alert` (the button value carries the alert id), linked to
 * the alert, with the clicker as lead. The work is in incident-start.ts.
 */
import { defineAction } from '../routes.js';
import { ALERT_RUNBOOK_ACTION } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { declareFromAlert } from './incident-start.js';

export const startRunbookFromAlert = defineAction({
  actionId: ALERT_RUNBOOK_ACTION,
  value: alertButton,
  run: (ix, v) => declareFromAlert(ix, v.alert),
});
