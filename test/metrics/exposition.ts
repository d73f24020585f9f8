/** Reading the Prometheus text format back in tests: one entry per sample line, with its labels. */
export interface SampleLine {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): SampleLine[] {
  const out: SampleLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = JSON.parse(`"${l[2]!}"`) as string;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample with this name and (at least) these labels; undefined when absent. */
export function valueOf(lines: SampleLine[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = lines.filter((l) => l.name === name && Object.entries(labels).every(([k, v]) => l.labels[k] === v));
  if (hits.length > 1) throw new Error(`${hits.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return hits[0]?.value;
}

/** Only the metric families whose names start with `prefix` (HELP and TYPE lines included), e.g. for promtool. */
export function familiesOf(text: string, prefix: string): string {
  return text
    .split('\n')
    .filter((l) => (l.startsWith('# ') ? l.split(' ')[2]! : l).startsWith(prefix))
    .join('\n') + '\n';
}
