/**
 * File access under logs_dir, where services (running as the same user) can plant symlinks, FIFOs and loose modes.
 * Every open here refuses to follow a symlink in the last component (O_NOFOLLOW), refuses anything that is not a
 * regular file (a FIFO would block a read, a device would be written to), and creates new files with their final
 * mode (O_EXCL, then fchmod so the umask cannot loosen or tighten it). Directories are checked with lstat: a
 * folder that is a symlink, or is owned by another user, is refused rather than written through.
 *
 * This is the one module that opens files a service could have tampered with; callers get a file descriptor or a
 * typed UnsafePathError naming the path and what was wrong with it.
 */
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';

const { O_RDONLY, O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

/** Why a path was refused. */
export type UnsafeReason = 'symlink' | 'not_regular' | 'not_directory' | 'foreign_owner' | 'loose_mode';

export class UnsafePathError extends TeachopsError {
  readonly code = 'unsafe_path';
  constructor(readonly path: string, readonly reason: UnsafeReason, locale: Locale = 'en') {
    super(t(locale, `files.unsafe_${reason}`, { path }), { hint: t(locale, `files.unsafe_${reason}_hint`, { path }) });
  }
}

/** Modes teachops gives what it creates. Logs are group-readable so an ops group can read them without root. */
export const MODES = { private: 0o600, log: 0o640, dir: 0o700, logDir: 0o750 } as const;

function refuse(path: string, e: unknown): never {
  // ELOOP is what O_NOFOLLOW answers for a symlink; EMLINK on some BSDs; ENXIO for a FIFO with no reader.
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafePathError(path, 'symlink');
  if (code === 'ENXIO') throw new UnsafePathError(path, 'not_regular');
  throw e;
}

function regularOrClose(fd: number, path: string): number {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw new UnsafePathError(path, 'not_regular');
  }
  return fd;
}

/** Opens an existing regular file for reading; ENOENT propagates (callers treat a missing log as empty). */
export function openReadNoFollow(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    refuse(path, e);
  }
  return regularOrClose(fd, path);
}

/** Opens a regular file read-write without creating it (rotation's copy-truncate). */
export function openReadWriteNoFollow(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    refuse(path, e);
  }
  return regularOrClose(fd, path);
}

/**
 * Opens a file for appending, creating it with `mode` when missing. A new file gets exactly `mode`; an existing one
 * keeps its mode (an operator may have loosened it on purpose; `teach doctor` reports loose modes).
 */
export function openAppendNoFollow(path: string, mode: number = MODES.log): number {
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CREAT | O_EXCL, mode);
    fchmodSync(fd, mode);
    return fd;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') refuse(path, e);
  }
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    refuse(path, e);
  }
  return regularOrClose(fd, path);
}

/** Appends `data` to a log under logs_dir (see openAppendNoFollow): never through a symlink, a new file gets `mode`. */
export function appendNoFollow(path: string, data: string | Uint8Array, mode: number = MODES.log): void {
  const fd = openAppendNoFollow(path, mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
}

/** Creates a new file that must not exist yet (O_EXCL never follows a symlink), with exactly `mode`. */
export function createExclusive(path: string, mode: number = MODES.private): number {
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  } catch (e) {
    refuse(path, e);
  }
  fchmodSync(fd, mode);
  return fd;
}

/**
 * Writes a whole file atomically: a fresh temp file beside it (random name, O_EXCL, final mode), fsync, rename.
 * rename() replaces a symlink at `path` itself, never its target.
 */
export function writeFileSafe(path: string, data: string | Uint8Array, mode: number = MODES.private): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = createExclusive(tmp, mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes `name` into `dir` for the owner only: the folder checked (or created) with `dirMode` (never a link, never
 * another user's), the file written atomically with `mode` from its first byte. Returns the file's path.
 */
export function writePrivateFile(dir: string, name: string, data: string | Uint8Array, mode: number = MODES.private, dirMode: number = MODES.dir): string {
  ensureSafeDir(dir, dirMode, { tighten: true });
  const file = join(dir, name);
  writeFileSafe(file, data, mode);
  return file;
}

/** lstat that answers undefined for a missing path. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function isSymlink(path: string): boolean {
  return lstatOrUndefined(path)?.isSymbolicLink() ?? false;
}

const uid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/**
 * Makes sure `dir` is a real directory teachops can trust: created with `mode` when missing (parents too), and
 * refused when it is a symlink, not a directory, or owned by someone other than the current user (or root).
 * An existing directory's mode is left alone unless `tighten` is set (then group/other bits beyond `mode` are cleared).
 */
export function ensureSafeDir(dir: string, mode: number = MODES.dir, opts: { tighten?: boolean } = {}): void {
  let st = lstatOrUndefined(dir);
  if (!st) {
    mkdirSync(dir, { recursive: true, mode });
    st = lstatSync(dir);
  }
  if (st.isSymbolicLink()) throw new UnsafePathError(dir, 'symlink');
  if (!st.isDirectory()) throw new UnsafePathError(dir, 'not_directory');
  const me = uid();
  if (me !== undefined && st.uid !== me && st.uid !== 0) throw new UnsafePathError(dir, 'foreign_owner');
  if (opts.tighten && (st.mode & 0o777 & ~mode) !== 0) {
    // chmod on a path we just lstat'ed as a real directory; a race would need the attacker to own the parent.
    try {
      fchmodDir(dir, st.mode & mode & 0o777);
    } catch {
      // Not ours to change (a shared logs folder): `teach doctor` reports the loose mode.
    }
  }
}

function fchmodDir(dir: string, mode: number): void {
  const fd = openSync(dir, O_RDONLY | O_NOFOLLOW | constants.O_DIRECTORY);
  try {
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}
