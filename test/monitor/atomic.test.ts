/**
 * Each alert state change lands with its outbox rows or not at all: a bot that dies between the two must not leave
 * an alert resolved / acknowledged / silenced in the store whose Slack message is never edited to say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The outbox write fails as if the process died right before it. */
function failNextEnqueue(h: Harness): void {
  const outbox = h.store.outbox;
  const real = outbox.append.bind(outbox);
  outbox.append = () => {
    outbox.append = real;
    throw new Error('killed before the outbox row was written');
  };
}

describe('alert state changes are atomic with their outbox rows', () => {
  it('resolve', async () => {
    h = await harness();
    const book = h.monitor.book;
    const { alert } = book.raise({ kind: 'cpu', value: 95, threshold: 80, detail: null });
    failNextEnqueue(h);
    expect(() => book.resolve('cpu', 'recovered')).toThrow(/killed/);
    // still active: the next round resolves it again, this time with the edit of its message
    expect(h.store.alerts.get(alert.id)!.state).toBe('firing');
    expect(h.store.alerts.events(alert.id).map((e) => e.type)).toEqual(['fired']);
    expect(book.resolve('cpu', 'recovered')?.state).toBe('resolved');
    expect(h.store.outbox.forSubject(`alert:${alert.id}`).filter((r) => r.kind === 'alert.message').map((r) => r.params.reason)).toEqual(['fired', 'resolved']);
  });

  it('acknowledge and silence', async () => {
    h = await harness();
    const book = h.monitor.book;
    const { alert } = book.raise({ kind: 'memory', value: 95, threshold: 80, detail: null });
    failNextEnqueue(h);
    expect(() => book.acknowledge(alert.id, 'U1')).toThrow(/killed/);
    expect(h.store.alerts.get(alert.id)!.state).toBe('firing');
    failNextEnqueue(h);
    expect(() => book.silence(alert.id, '1h', 'U1')).toThrow(/killed/);
    expect(h.store.alerts.get(alert.id)!.silence).toBeNull();
    expect(book.acknowledge(alert.id, 'U1')?.status).toBe('acknowledged');
    expect(book.silence(alert.id, '1h', 'U1')?.status).toBe('silenced');
    expect(h.store.outbox.forSubject(`alert:${alert.id}`).filter((r) => r.kind === 'alert.message').map((r) => r.params.reason)).toEqual(['fired', 'acknowledged', 'silenced']);
  });
});
