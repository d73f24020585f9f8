/**
 * `teach doctor`'s look at the validated-config cache folder: the cache refuses a folder that is a link, belongs to
 * someone else or is open to others (src/config/cache.ts), silently, so commands just get slower; the doctor says
 * why and how to fix it.
 */
import { cacheDir, cacheDirProblem, type CacheDirProblem } from '../config/cache.js';
import { assertNever } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { DoctorCheck } from './doctor.js';

export function cacheCheck(tr: Translate, env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  const dir = cacheDir(env);
  if (!dir) return { name: 'cache', level: 'ok', detail: tr('security.doctor_cache_none') };
  const problem = cacheDirProblem(dir);
  if (problem === null) return { name: 'cache', level: 'ok', detail: tr('security.doctor_cache_ok', { dir }) };
  if (problem.kind === 'missing') return { name: 'cache', level: 'ok', detail: tr('security.doctor_cache_missing', { dir }) };
  return { name: 'cache', level: 'warn', detail: tr('security.doctor_cache_bad', { dir, problem: problemText(problem, tr) }), hint: tr('security.doctor_cache_hint', { dir }) };
}

function problemText(p: Exclude<CacheDirProblem, { kind: 'missing' }>, tr: Translate): string {
  switch (p.kind) {
    case 'link':
      return tr('security.doctor_cache_link');
    case 'not_folder':
      return tr('security.doctor_cache_not_folder');
    case 'owner':
      return tr('security.doctor_cache_owner', { uid: p.uid, me: p.me });
    case 'mode':
      return tr('security.doctor_cache_mode', { mode: p.mode });
    default:
      return assertNever(p, 'cache folder problem');
  }
}
