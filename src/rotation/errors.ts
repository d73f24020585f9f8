/** Rotation's own failures (a symlinked or non-regular log is UnsafePathError, src/util/safe-fs.ts). */
import type { Locale } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

/**
 * Not enough free space for the copy: checked before copying, so a full disk costs a statfs a second rather than
 * a copy that fills the disk and is thrown away again at every check.
 */
export class RotationNoSpaceError extends TeachopsError {
  readonly code = 'rotation_no_space';
  constructor(readonly file: string, readonly needed: number, readonly free: number, locale: Locale = 'en') {
    super(t(locale, 'daemon.log_rotation_no_space', { file, size: formatBytes(needed), free: formatBytes(free) }), {
      hint: t(locale, 'daemon.log_rotation_no_space_hint'),
    });
  }
}
