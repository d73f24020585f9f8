/**
 * `npm run bench`: runs every benchmark and prints its figures (median and p99, with what was measured).
 * `npm run bench -- cli slack` runs only those. Each benchmark starts its own services on free ports in a temp folder
 * and cleans up; nothing here asserts anything.
 */
import type { BenchResult } from './types.js';
import { round } from './stats.js';

type Bench = { name: string; load: () => Promise<{ run: () => Promise<BenchResult[]> }> };

const benches: Bench[] = [
  { name: 'cli', load: () => import('./cli.js') },
  // the same benchmark under the name of what it is mostly about (`npm run bench -- status`)
  { name: 'status', load: () => import('./cli.js') },
  { name: 'rss', load: () => import('./rss.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'slack', load: () => import('./slack.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'alerts', load: () => import('./alerts.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'backup', load: () => import('./backup.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'rotation', load: () => import('./rotation.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'metrics', load: () => import('./metrics.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'flood', load: () => import('./flood.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'scale', load: () => import('./scale.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'crash', load: () => import('./tree-crash.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'alertmanager', load: () => import('./alertmanager.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
  { name: 'locked', load: () => import('./store-locked.js' as string) as Promise<{ run: () => Promise<BenchResult[]> }> },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length ? benches.filter((b) => only.includes(b.name)) : benches.filter((b) => b.name !== 'status');
  for (const b of chosen) {
    process.stdout.write(`\n## ${b.name}\n`);
    let mod: { run: () => Promise<BenchResult[]> };
    try {
      mod = await b.load();
    } catch (e) {
      process.stdout.write(`  (not available: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})\n`);
      continue;
    }
    try {
      for (const r of await mod.run()) {
        process.stdout.write(`  ${r.name}: median ${round(r.median, 2)} ${r.unit}, p99 ${round(r.p99, 2)} ${r.unit} (n=${r.n})${r.note ? `\n      ${r.note}` : ''}\n`);
      }
    } catch (e) {
      process.stdout.write(`  failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
