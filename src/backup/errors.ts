/** One coded error per backup/restore failure; messages from the catalogue in the given locale ('en' when none is known), with how to fix it. */
import { TeachopsError } from '../errors.js';
import type { Locale } from '../config/types.js';
import { t } from '../i18n/index.js';

export class BackupFailedError extends TeachopsError {
  readonly code = 'backup_failed';
  constructor(
    readonly reason: string,
    dir: string,
    cause?: unknown,
    locale: Locale = 'en',
  ) {
    super(t(locale, 'backup.failed', { reason }), { hint: t(locale, 'backup.failed_hint', { dir }), cause });
  }
}

export class ArchiveNotFoundError extends TeachopsError {
  readonly code = 'archive_not_found';
  constructor(readonly path: string, locale: Locale = 'en') {
    super(t(locale, 'backup.archive_not_found', { path }), { hint: t(locale, 'backup.archive_not_found_hint') });
  }
}

/** An entry would be written somewhere the current config does not allow: the whole archive is refused. */
export class ArchiveRefusedError extends TeachopsError {
  readonly code = 'archive_refused';
  constructor(
    readonly path: string,
    readonly entry: string,
    readonly reason: string,
    locale: Locale = 'en',
  ) {
    super(t(locale, 'backup.archive_refused', { path, entry, reason }), { hint: t(locale, 'backup.archive_refused_hint') });
  }
}

/** The archive cannot be read or a file's checksum does not match its manifest: restore refuses before doing anything. */
export class ArchiveCorruptError extends TeachopsError {
  readonly code = 'archive_corrupt';
  constructor(
    readonly path: string,
    readonly reason: string,
    cause?: unknown,
    locale: Locale = 'en',
  ) {
    super(t(locale, 'backup.archive_corrupt', { path, reason }), { hint: t(locale, 'backup.archive_corrupt_hint'), cause });
  }
}
