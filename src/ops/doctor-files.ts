/**
 * `teach doctor`'s look at what teachops keeps on disk: the state database's integrity, and every symbolic link or
 * loose mode under logs_dir and the backup folder (services can write there). Private things (the database,
 * reports, postmortems, archives, restore side folders) must be owner-only; the rest must not be writable by others.
 * The walk is bounded (entries and depth), so a huge or looping tree cannot stall the doctor.
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import { storePath } from '../store/db.js';
import { integrityProblem } from '../store/integrity.js';
import type { DoctorCheck } from './doctor.js';

const MAX_ENTRIES = 5000;
const MAX_DEPTH = 4;

export function storeCheck(config: Config, tr: Translate): DoctorCheck {
  const file = storePath(config.logs_dir);
  let exists = true;
  try {
    lstatSync(file);
  } catch {
    exists = false;
  }
  if (!exists) return { name: 'state', level: 'ok', detail: tr('security.doctor_store_missing', { file }) };
  const problem = integrityProblem(file);
  return problem === null
    ? { name: 'state', level: 'ok', detail: tr('security.doctor_store_ok', { file }) }
    : { name: 'state', level: 'fail', detail: tr('security.doctor_store_bad', { file, problem }), hint: tr('security.store_corrupt_hint') };
}

/** The most a path may allow: owner-only for private things, no write for group/other elsewhere. */
function allowed(config: Config, path: string, isDir: boolean): number {
  const db = storePath(config.logs_dir);
  const privateDirs = [join(config.logs_dir, 'reports'), join(config.logs_dir, 'incidents'), config.backup.dir];
  const isPrivate = path.startsWith(db) || privateDirs.some((d) => path === d || path.startsWith(d + sep));
  if (isPrivate) return isDir ? 0o700 : 0o600;
  return isDir ? 0o755 : 0o644;
}

function walk(root: string, visit: (path: string, depth: number) => boolean): boolean {
  let seen = 0;
  const go = (dir: string, depth: number): boolean => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return true;
    }
    for (const n of names) {
      if (++seen > MAX_ENTRIES) return false;
      const p = join(dir, n);
      if (visit(p, depth) && depth < MAX_DEPTH && !go(p, depth + 1)) return false;
    }
    return true;
  };
  return go(root, 1);
}

export function fileSafetyChecks(config: Config, tr: Translate): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  const roots = [config.logs_dir, ...(config.backup.dir.startsWith(config.logs_dir + sep) ? [] : [config.backup.dir])];
  for (const root of roots) {
    let problems = 0;
    const check = (path: string): boolean => {
      let st;
      try {
        st = lstatSync(path);
      } catch {
        return false;
      }
      if (st.isSymbolicLink()) {
        let target = '?';
        try {
          target = readlinkSync(path);
        } catch {
          // unreadable link: still a link
        }
        problems++;
        out.push({ name: 'files', level: 'fail', detail: tr('security.doctor_link', { path, target }), hint: tr('security.doctor_link_hint', { path }) });
        return false;
      }
      const mode = st.mode & 0o777;
      const max = allowed(config, path, st.isDirectory());
      if ((mode & ~max) !== 0) {
        problems++;
        const expected = max.toString(8);
        out.push({ name: 'files', level: 'warn', detail: tr('security.doctor_loose', { path, mode: mode.toString(8).padStart(3, '0'), expected }), hint: tr('security.doctor_loose_hint', { path, expected }) });
      }
      return st.isDirectory();
    };
    if (!check(root)) continue;
    const complete = walk(root, (p) => check(p));
    if (!complete) out.push({ name: 'files', level: 'warn', detail: tr('security.doctor_scan_capped', { n: MAX_ENTRIES, dir: root }) });
    if (problems === 0) out.push({ name: 'files', level: 'ok', detail: tr('security.doctor_links_ok', { dir: root }) });
  }
  return out;
}


