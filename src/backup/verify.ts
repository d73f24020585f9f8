/**
 * Restore's first step: unpack the archive into a private folder and check it against its manifest (every listed
 * file present with its size and SHA-256, nothing unlisted, no path escaping the folder). Until this passes,
 * nothing outside that folder is touched.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as tar from 'tar';
import type { Locale } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { ArchiveCorruptError, ArchiveNotFoundError } from './errors.js';
import { MANIFEST_NAME, manifestSchema, sha256File, type Manifest } from './manifest.js';

export interface VerifiedArchive {
  /** folder holding the unpacked, verified files; the caller removes it */
  dir: string;
  manifest: Manifest;
}

export async function extractAndVerify(archive: string, workParent: string, locale: Locale = 'en'): Promise<VerifiedArchive> {
  if (!(await stat(archive).catch(() => undefined))?.isFile()) throw new ArchiveNotFoundError(archive, locale);
  await mkdir(workParent, { recursive: true });
  const dir = await mkdtemp(join(workParent, '.restore-'));
  try {
    return { dir, manifest: await unpackAndCheck(archive, dir, locale) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function unpackAndCheck(archive: string, dir: string, locale: Locale): Promise<Manifest> {
  const corrupt = (reason: string, cause?: unknown) => new ArchiveCorruptError(archive, reason, cause, locale);
  try {
    // strict: a damaged header or a truncated stream is an error, not a warning to skip past.
    await tar.x({ file: archive, cwd: dir, strict: true, preservePaths: false });
  } catch (e) {
    throw corrupt(`cannot unpack it (${errorMessage(e)})`, e);
  }
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8')));
  } catch (e) {
    throw corrupt(`no valid ${MANIFEST_NAME} (${errorMessage(e)})`, e);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of await filesUnder(dir)) {
    if (f !== MANIFEST_NAME && !listed.has(f)) throw corrupt(`${f} is not in the manifest`);
  }
  for (const entry of manifest.files) {
    const file = join(dir, entry.path);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) throw corrupt(`${entry.path} is missing`);
    if (st.size !== entry.size) throw corrupt(`${entry.path} has ${st.size} bytes, the manifest says ${entry.size}`);
    if ((await sha256File(file)) !== entry.sha256) throw corrupt(`${entry.path} does not match its checksum`);
  }
  return manifest;
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}
