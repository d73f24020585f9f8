/** Small PromQL pieces the rule generator writes: selectors with escaped label values, durations, numbers. */

/** `name{a="x",b="y"}`; label values escaped as PromQL string literals. */
export function selector(name: string, labels: Record<string, string>): string {
  const inner = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return inner.length ? `${name}{${inner.join(',')}}` : name;
}

/** Milliseconds as a Prometheus duration: 15000 -> "15s", 90000 -> "1m30s", 1500 -> "1s500ms", 0 -> "0s". */
export function promDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

/** A threshold as PromQL writes it: no exponent, no float noise (80 / 100 -> 0.8, not 0.8000000000000002). */
export function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}
