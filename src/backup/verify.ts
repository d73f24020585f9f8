/**
 * Restore's first step: unpack the archive into a private folder and check it against its manifest (every listed
 * file present with its size and SHA-256, nothing unlisted, no path escaping the folder). Until this passes,
 * nothing outside that folder is touched.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
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
  // A truncated or corrupt gzip is found by reading it through once, before a single file is unpacked.
  await checkGzip(archive).catch((e: unknown) => {
    throw new ArchiveCorruptError(archive, `cannot unpack it (${errorMessage(e)})`, e, locale);
  });
  const dir = await mkdtemp(join(workParent, '.restore-'));
  try {
    return { dir, manifest: await unpackAndCheck(archive, dir, locale) };
  } catch (e) {
    // tar may still be closing files it was writing when it failed: retry, and never let cleanup hide the error.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
    throw e;
  }
}

async function checkGzip(archive: string): Promise<void> {
  await pipeline(
    createReadStream(archive),
    createGunzip(),
    new Writable({
      write: (_chunk, _enc, done) => done(),
    }),
  );
}

async function unpackAndCheck(archive: string, dir: string, locale: Locale): Promise<Manifest> {
  const corrupt = (reason: string, cause?: unknown) => new ArchiveCorruptError(archive, reason, cause, locale);
  try {
    // strict: a damaged header or a truncated stream is an error, not a warning to skip past.
    // Only plain files and folders are unpacked: a link inside an archive could point a later entry anywhere.
    const odd: string[] = [];
    await tar.x({
      file: archive,
      cwd: dir,
      strict: true,
      preservePaths: false,
      filter: (path, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        const ok = type === 'File' || type === 'OldFile' || type === 'Directory';
        if (!ok) odd.push(`${path} (${type})`);
        return ok;
      },
    });
    if (odd.length > 0) throw corrupt(`it holds entries that are not plain files: ${odd.slice(0, 3).join(', ')}`);
  } catch (e) {
    if (e instanceof ArchiveCorruptError) throw e;
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
