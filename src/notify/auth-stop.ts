/**
 * While the destination refuses the credentials (Slack: invalid_auth, token_revoked, missing_scope ...), nothing is
 * sent: retrying only hides a problem a person must fix. The notifier's probe (auth.test) asks, on a backoff, whether
 * they work again; a missing scope shows only on the call that needs it, so there the probe is trying the row again.
 */
import type { Background } from '../util/background.js';
import { Backoff, type BackoffPolicy } from '../util/backoff.js';
import type { Notifier } from './types.js';

export const PROBE: BackoffPolicy = { initialMs: 5000, maxMs: 300_000 };

export class AuthStop {
  private current: { error: string; cancel: () => void } | undefined;
  private readonly backoff: Backoff;

  constructor(
    private readonly d: {
      background: Background;
      notifier: Notifier;
      policy?: BackoffPolicy;
      /** the credentials work again (`scope`: only a missing scope, which counts once a row goes through) */
      resume: (scope: boolean) => void;
    },
  ) {
    this.backoff = new Backoff(d.policy ?? PROBE);
  }

  get active(): boolean {
    return this.current !== undefined;
  }

  /** Delivery stops; true the first time (the caller says so once), false while already stopped. */
  enter(error: string): boolean {
    if (this.current) {
      this.current.error = error;
      return false;
    }
    this.current = { error, cancel: () => undefined };
    this.current.cancel = this.schedule(this.backoff.next());
    return true;
  }

  /** Something says the destination accepts us again (Slack connected): probe now. */
  probeNow(): void {
    if (!this.current) return;
    this.current.cancel();
    this.current.cancel = this.schedule(0);
  }

  /** A row went through: the next stop starts from the first probe delay. */
  answered(): void {
    this.backoff.reset();
  }

  cancel(): void {
    this.current?.cancel();
  }

  private schedule(ms: number): () => void {
    return this.d.background.after('slack token probe', ms, async () => {
      const now = this.current;
      if (!now) return;
      const scope = now.error === 'missing_scope';
      const r = scope || !this.d.notifier.probe ? 'ok' : await this.d.notifier.probe().catch(() => 'unknown' as const);
      if (this.current !== now) return;
      if (r !== 'ok') {
        now.cancel = this.schedule(this.backoff.next());
        return;
      }
      this.current = undefined;
      if (!scope) this.backoff.reset();
      this.d.resume(scope);
    });
  }
}
