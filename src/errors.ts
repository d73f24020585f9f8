/**
 * One coded error class per failure (bolt-js `src/errors.ts` style). Every error carries what the user needs:
 * a message saying what was expected and what was found, and where possible a `hint` saying how to fix it.
 * Adapters (CLI, Slack) render `message` + `hint`; they never need to parse the message.
 */
export abstract class TeachopsError extends Error {
  abstract readonly code: string;
  /** How to fix it, one sentence; shown under the message. */
  hint?: string;
  /** Exit code the CLI uses for this error. */
  exitCode = 1;
  /**
   * The message as Slack mrkdwn, for errors that name people or channels: mentions and channel links as markup,
   * its other text escaped. Views that render mrkdwn use it instead of escaping `message` (which names them plainly).
   */
  markup?: string;

  constructor(message: string, options?: { hint?: string; cause?: unknown; markup?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
    if (options?.markup) this.markup = options.markup;
  }
}

export function isTeachopsError(e: unknown): e is TeachopsError {
  return e instanceof TeachopsError;
}

/** Exhaustive-switch guard (bolt-js `assertNever`). */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
