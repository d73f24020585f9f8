/**
 * Threshold hysteresis: a condition fires after `n` consecutive samples over the threshold and clears after `n`
 * consecutive samples under it, so one spike neither pages anyone nor resolves a real problem.
 */
export type Edge = 'fire' | 'clear' | undefined;

export class Hysteresis {
  private streak = 0;

  constructor(
    private readonly n: number,
    /** start active when an alert for it is already open (the bot was restarted while it was firing) */
    public active = false,
  ) {}

  update(over: boolean): Edge {
    // Count samples that disagree with the current state; any agreeing sample resets the count.
    if (over !== this.active) this.streak += 1;
    else this.streak = 0;
    if (this.streak < this.n) return undefined;
    this.streak = 0;
    this.active = over;
    return over ? 'fire' : 'clear';
  }
}

/** Consecutive failed health checks; fires at `n` in a row, clears at the first success. */
export class FailureCount {
  count = 0;

  constructor(
    private readonly n: number,
    public active = false,
  ) {}

  update(ok: boolean): Edge {
    if (ok) {
      this.count = 0;
      if (!this.active) return undefined;
      this.active = false;
      return 'clear';
    }
    this.count += 1;
    if (this.active || this.count < this.n) return undefined;
    this.active = true;
    return 'fire';
  }
}
