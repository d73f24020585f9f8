/** One measured figure. Benchmarks print these; tests never assert timings. */
export interface BenchResult {
  name: string;
  unit: string;
  median: number;
  p99: number;
  n: number;
  /** what was measured, how, and the target if there is one */
  note?: string;
}
