// Waiting for what a Slack user would eventually see: re-checked on every store change (no fixed sleeps),
// and on timeout the error shows the channel as it is, so a failing test explains itself.
import type { SlackStore } from './store.js';

export interface WaitOptions {
  timeoutMs?: number;
  /** Channel to dump on timeout (default: every channel). */
  channel?: string;
  /** What is awaited, for the timeout message. */
  what?: string;
}

export function waitUntil<T>(
  store: SlackStore,
  probe: () => T | undefined | null | false,
  dump: () => string,
  o: WaitOptions = {},
): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 5000;
  return new Promise<T>((resolve, reject) => {
    let tick: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      store.off('change', check);
      clearInterval(tick);
      clearTimeout(timer);
    };
    const check = (): void => {
      let v: T | undefined | null | false;
      try {
        v = probe();
      } catch (e) {
        finish();
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (v !== undefined && v !== null && v !== false) {
        finish();
        resolve(v);
      }
    };
    store.on('change', check);
    // Probes may depend on time alone (a deadline passing), so also re-check now and then.
    tick = setInterval(check, 250);
    timer = setTimeout(() => {
      finish();
      const what = o.what !== undefined ? ` ${o.what}` : '';
      reject(new Error(`waitFor${what}: timed out after ${timeoutMs} ms. Slack shows:\n${dump()}`));
    }, timeoutMs);
    check();
  });
}
