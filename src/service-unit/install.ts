/**
 * Writing the unit. Default: `./teachops.service` in the project folder, which needs no privileges and is copied
 * into place by the printed commands. `system: true` writes straight to /etc/systemd/system and needs root.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { renderUnit, type UnitOptions } from './render.js';

export const UNIT_NAME = 'teachops.service';
export const SYSTEM_UNIT_DIR = '/etc/systemd/system';

export class UnitNeedsRootError extends TeachopsError {
  readonly code = 'service_install_needs_root';
  constructor(dir: string) {
    super(t('en', 'backup.unit_needs_root', { dir }), { hint: t('en', 'backup.unit_needs_root_hint') });
  }
}

export interface InstallOptions extends UnitOptions {
  system?: boolean;
  /** effective uid; default process.getuid() */
  uid?: number;
  /** where the system unit goes (tests point it at a temp folder) */
  systemDir?: string;
}

export interface InstallResult {
  file: string;
  unit: string;
  /** the commands to run, in order, to enable and start it */
  commands: string[];
  /** the unit runs teachops as root */
  runsAsRoot: boolean;
}

export async function installUnit(o: InstallOptions): Promise<InstallResult> {
  const unit = renderUnit(o);
  const systemDir = o.systemDir ?? SYSTEM_UNIT_DIR;
  const uid = o.uid ?? process.getuid?.() ?? -1;
  if (o.system && uid !== 0) throw new UnitNeedsRootError(systemDir);
  const file = o.system ? join(systemDir, UNIT_NAME) : join(o.projectDir, UNIT_NAME);
  await writeFile(file, unit, { mode: 0o644 });
  const sudo = o.system ? '' : 'sudo ';
  const commands = [
    ...(o.system ? [] : [`sudo cp ${shellQuote(file)} ${SYSTEM_UNIT_DIR}/${UNIT_NAME}`]),
    `${sudo}systemctl daemon-reload`,
    `${sudo}systemctl enable --now ${UNIT_NAME}`,
    `systemctl status ${UNIT_NAME}`,
  ];
  return { file, unit, commands, runsAsRoot: !o.user || o.user === 'root' };
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
