/**
 * The real engines some tests run (Prometheus, promtool, Alertmanager, amtool): found on PATH or in /usr/bin, where
 * Debian's packages put them (scripts/ci-deps.sh installs them). A missing engine skips its tests with the reason
 * in the test name, except in CI (.ci/run sets TEACHOPS_REQUIRE_ENGINES=1; CI too), where a missing engine fails
 * loudly: CI must not skip them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Engine = 'prometheus' | 'promtool' | 'prometheus-alertmanager' | 'amtool';

export function findEngine(name: Engine): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'].filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  if (process.env.TEACHOPS_REQUIRE_ENGINES || process.env.CI) throw new Error(`${name} is not installed; CI must run the tests that need it (scripts/ci-deps.sh installs it)`);
  return undefined;
}

/** " (skipped: promtool not found ...)" for a test title, or '' when every engine given was found. */
export function skipNote(found: Partial<Record<Engine, string | undefined>>): string {
  const missing = Object.entries(found).filter(([, path]) => !path).map(([name]) => name);
  return missing.length ? ` (skipped: ${missing.join(', ')} not found; install with scripts/ci-deps.sh)` : '';
}
