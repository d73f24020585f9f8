/** Waiting on a condition with a deadline (tests never sleep to wait for something). */

/** Polls `probe` every 25 ms until it returns a value other than undefined / false; throws naming `what` at the deadline. */
export async function until<T>(probe: () => T | undefined | false, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
