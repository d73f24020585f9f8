/**
 * CPU seconds a service has used, as a counter that only goes up. The monitor reports each member pid's lifetime CPU
 * time; summing those would drop whenever a worker exits (a counter reset to Prometheus, and a wrong rate), so the
 * counter adds each pid's growth since it was last seen and keeps what exited pids contributed.
 */
export class CpuSeconds {
  private readonly totals = new Map<string, number>();
  private readonly lastMs = new Map<string, Map<number, number>>();

  /** One reading of the service's group: `cpuMs[i]` is the lifetime CPU time of `pids[i]`. */
  add(service: string, pids: readonly number[], cpuMs: readonly number[]): void {
    const before = this.lastMs.get(service) ?? new Map<number, number>();
    const now = new Map<number, number>();
    let grownMs = 0;
    pids.forEach((pid, i) => {
      const ms = cpuMs[i] ?? 0;
      const prev = before.get(pid);
      // A pid first seen counts its whole lifetime; one whose time went down is a new process on a reused pid.
      grownMs += prev === undefined || ms < prev ? ms : ms - prev;
      now.set(pid, ms);
    });
    this.lastMs.set(service, now);
    this.totals.set(service, (this.totals.get(service) ?? 0) + grownMs / 1000);
  }

  seconds(service: string): number {
    return this.totals.get(service) ?? 0;
  }
}
