/** Counts in the catalogue take their plural form from Intl.PluralRules: never "1 restarts". */
import { describe, expect, it } from 'vitest';
import { format, t } from '../../src/i18n/index.js';

describe('plural forms', () => {
  it('chooses one / other by the locale, with # as the number and other placeholders inside', () => {
    const tpl = '{n, plural, =0 {no restarts of {svc}} one {# restart of {svc}} other {# restarts of {svc}}} in {w}';
    expect(format(tpl, { n: 0, svc: 'llm', w: '10 m' })).toBe('no restarts of llm in 10 m');
    expect(format(tpl, { n: 1, svc: 'llm', w: '10 m' })).toBe('1 restart of llm in 10 m');
    expect(format(tpl, { n: 5, svc: 'llm', w: '10 m' })).toBe('5 restarts of llm in 10 m');
    // Chinese has one form; the catalogue writes plain {n} there, and a plural template still works.
    expect(format('{n, plural, other {# 次}}', { n: 1 }, 'zh-CN')).toBe('1 次');
    expect(format('{n, plural, one {# x} other {# xs}}', {})).toBe('{n} xs');
  });

  it('the catalogue uses them where a count is shown', () => {
    expect(t('en', 'alerts.note_gave_up', { service: 'llm', n: 1, window: '10m 0s' })).toMatch(/^Gave up on llm: 1 restart within 10m 0s\./);
    expect(t('en', 'slack.restarts', { n: 1 })).toBe('1 restart');
    expect(t('en', 'slack.restarts', { n: 2 })).toBe('2 restarts');
    expect(t('en', 'alerts.fired_times', { count: 2, span: '1 m', since: 'x' })).toBe('fired 2 times in 1 m, first at x');
    expect(t('zh-CN', 'alerts.note_gave_up', { service: 'llm', n: 1, window: '10 分钟' })).not.toContain('plural');
  });
});
