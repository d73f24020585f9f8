/**
 * `teach doctor --repair`: a damaged state database is moved aside (kept, with its -wal/-shm, as
 * `teachops.db.broken-<time>`), a clean one is created, and the services that are running are adopted from their
 * pid files (the supervisor checks each process's identity) with desired state "running", so supervision goes on.
 * Refused while another process holds the file open: it would keep writing into the damaged copy.
 */
import { existsSync, renameSync } from 'node:fs';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import { TeachopsError } from '../errors.js';
import { openStore, integrityProblem } from '../store/index.js';
import { storePath } from '../store/db.js';
import { processesHolding } from '../store/integrity.js';
import { createSupervisor } from '../supervisor/index.js';

export class StoreInUseError extends TeachopsError {
  readonly code = 'store_in_use';
  constructor(readonly file: string, readonly pids: number[], tr: Translate) {
    super(tr('security.repair_in_use', { file, pids: pids.join(', ') }), { hint: tr('security.repair_in_use_hint') });
  }
}

export interface RepairResult {
  repaired: boolean;
  kept: string | null;
  adopted: string[];
  lines: string[];
}

export function repairStore(config: Config, tr: Translate, by: string, now: number = Date.now()): RepairResult {
  const file = storePath(config.logs_dir);
  const problem = integrityProblem(file);
  if (problem === null) return { repaired: false, kept: null, adopted: [], lines: [tr('security.repair_nothing', { file })] };
  const holders = processesHolding(file);
  if (holders.length > 0) throw new StoreInUseError(file, holders, tr);

  const kept = `${file}.broken-${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  // The -wal may hold the newest pages of the damaged database: it travels with it.
  for (const suffix of ['-wal', '-shm', '']) if (existsSync(file + suffix)) renameSync(file + suffix, kept + suffix);

  const store = openStore(config.logs_dir, config.locale);
  try {
    const supervisor = createSupervisor({ config, store, log: () => {} });
    const adopted = supervisor.runtime().filter((r) => r.state === 'running').map((r) => r.name);
    for (const name of adopted) store.desired.set(name, 'running', by, now);
    store.audit.record({ at: now, source: 'cli', actor: by.replace(/^cli:/, ''), channel: null, action: 'doctor.repair', args: { kept }, outcome: 'ok', detail: problem, duration_ms: 0 });
    return {
      repaired: true,
      kept,
      adopted,
      lines: [
        tr('security.repair_done', { kept, file }),
        adopted.length > 0 ? tr('security.repair_adopted', { services: adopted.join(', ') }) : tr('security.repair_adopted_none'),
        tr('security.repair_lost', { kept }),
      ],
    };
  } finally {
    store.close();
  }
}
