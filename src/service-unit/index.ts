/** Running `teach run` under systemd: the unit text and writing it. */
export { renderUnit, type UnitOptions } from './render.js';
export { installUnit, UnitNeedsRootError, UNIT_NAME, SYSTEM_UNIT_DIR, type InstallOptions, type InstallResult } from './install.js';
