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

describe('ordinals and markup-safe formatting', () => {
  it('selectordinal picks the ordinal form by the locale', async () => {
    const tpl = '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}} time';
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((n) => format(tpl, { n }))).toEqual([
      '1st time', '2nd time', '3rd time', '4th time', '11th time', '12th time', '13th time', '21st time', '22nd time', '23rd time', '101st time',
    ]);
    expect(t('en', 'alerts.headline_refiring', { count: 3, span: '4m 0s', title: 'llm is down' })).toBe('Firing again (3rd time in 4m 0s): llm is down');
    expect(t('zh-CN', 'alerts.headline_refiring', { count: 3, span: '4 分钟', title: 'llm 已停止运行' })).toBe('再次告警（4 分钟 内第 3 次）：llm 已停止运行');
  });

  it('tEscaped escapes the template and string parameters, never Markup parameters', async () => {
    const { markup, tEscaped } = await import('../../src/i18n/index.js');
    const { escapeMrkdwn } = await import('../../src/util/mrkdwn.js');
    const out = tEscaped('en', 'alerts.ack_already', { id: 3, who: markup('<@U0ALICE001>'), at: markup('<!date^1^{time}|x>') }, escapeMrkdwn);
    expect(out).toBe('Alert #3 was already acknowledged by <@U0ALICE001> at <!date^1^{time}|x>; nothing changed.');
    expect(tEscaped('en', 'alerts.restart_busy', { service: 'web', purpose: '<!channel> & co', pid: 1 }, escapeMrkdwn)).toContain('(&lt;!channel&gt; &amp; co, pid 1)');
  });
});
