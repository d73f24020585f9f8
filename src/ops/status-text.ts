/** Pieces of a status report as text, shared by every adapter (terminal, Slack, reports). Pure. */
import type { ServiceStatus, StatusReport } from './status.js';
import type { Translate } from '../i18n/index.js';
import { formatBytes } from '../config/units.js';

/** The parameters of a "host: CPU .. memory .. disk .. load .." line; each adapter has its own catalogue wording. */
export function hostLineParams(r: StatusReport, tr: Translate): Record<string, string> {
  const sys = r.system;
  return {
    cpu: sys.cpu_percent.toFixed(1),
    mem: sys.memory_percent.toFixed(1),
    used: formatBytes(sys.memory_used_bytes),
    total: formatBytes(sys.memory_total_bytes),
    disks: sys.disks.map((d) => `${d.mount} ${d.percent.toFixed(1)}%`).join(', ') || tr('common.none'),
    load: sys.load_average.map((l) => l.toFixed(2)).join(' '),
  };
}

/** "llm runs its fallback (LLM_PROVIDER=openai) and stays on it until someone switches back" */
export function fallbackLine(s: Pick<ServiceStatus, 'name' | 'overrides'>, tr: Translate): string {
  const overrides = Object.entries(s.overrides ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return tr('lifecycle.on_fallback', { service: s.name, overrides });
}
