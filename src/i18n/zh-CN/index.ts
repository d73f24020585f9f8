import type { en } from '../en/index.js';
import { common } from './common.js';
import { config } from './config.js';
import { ops } from './ops.js';
import { cli } from './cli.js';
import { daemon } from './daemon.js';
import { report } from './report.js';
import { doctor } from './doctor.js';
import { supervisor } from './supervisor.js';
import { backup } from './backup.js';
import { alerts } from './alerts.js';
import { slack } from './slack.js';
import { incidents } from './incidents.js';
import { files } from './files.js';
import { security } from './security.js';
import { metrics } from './metrics.js';
import { delivery } from './delivery.js';
import { lifecycle } from './lifecycle.js';
import { probes } from './probes.js';
import { alertmanager } from './alertmanager.js';
import { store } from './store.js';

export const zhCN: { [A in keyof typeof en]: Record<keyof (typeof en)[A], string> } = {
  common,
  config,
  ops,
  cli,
  daemon,
  report,
  doctor,
  supervisor,
  backup,
  alerts,
  slack,
  incidents,
  files,
  security,
  metrics,
  delivery,
  lifecycle,
  probes,
  alertmanager,
  store,
};
