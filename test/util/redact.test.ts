/**
 * The one redactor, table-driven: every secret shape goes, ordinary text stays, and no catalogue message of either
 * locale is altered (so a hint like "add it to .env" is never eaten).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { redact, redactDeep, secretValues, setKnownSecrets, REDACTED } from '../../src/util/redact.js';
import { en } from '../../src/i18n/en/index.js';
import { zhCN } from '../../src/i18n/zh-CN/index.js';
import { format } from '../../src/i18n/index.js';
import { PLAIN_LINES, SECRET_LINES } from './redact-table.js';

afterEach(() => setKnownSecrets([]));

describe('redact by shape', () => {
  it.each(SECRET_LINES)('removes $name', ({ line, secret, keeps }) => {
    const out = redact(line);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    for (const k of keeps ?? []) expect(out).toContain(k);
  });

  it.each(PLAIN_LINES)('leaves ordinary text alone: %s', (line) => {
    expect(redact(line)).toBe(line);
  });
});

describe('redact by value', () => {
  it('removes every known value wherever it appears, longest first', () => {
    setKnownSecrets(['plainvalue123', 'plainvalue123-longer']);
    expect(redact('a plainvalue123-longer b plainvalue123 c')).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  it('ignores values shorter than 6 characters and names that do not look secret', () => {
    expect(secretValues({ API_KEY: 'abc', DB_PASSWORD: 'longenough', PORT: '800000', LLM_PROVIDER: 'openai', PWD: '/home/x/work', MY_SETTING: 'abcdefgh' }, ['MY_SETTING']).sort()).toEqual(['abcdefgh', 'longenough']);
  });

  it('redacts strings inside structures, keeping keys and other values', () => {
    setKnownSecrets(['zz-value-9988']);
    expect(redactDeep({ text: 'teach incident start "leak KEY=sk-abcdefghijklmnop12"', n: 3, list: ['x zz-value-9988'], key: 'service_down:llm' })).toEqual({
      text: `teach incident start "leak KEY=${REDACTED}"`,
      n: 3,
      list: [`x ${REDACTED}`],
      key: 'service_down:llm',
    });
  });
});

/** Realistic parameters for catalogue placeholders: variable names, service names, paths, numbers. */
const PARAMS: Record<string, string | number> = new Proxy(
  {
    name: 'llm',
    names: 'DASHSCOPE_API_KEY, OPENAI_API_KEY',
    variable: 'SLACK_BOT_TOKEN',
    missing: 'SLACK_APP_TOKEN',
    service: 'llm',
    file: '/srv/app/llm.env',
    path: '/srv/app/logs/reports',
    dir: '/srv/app/logs',
    expected: 'xoxb-',
    got: 'xapp-...',
  } as Record<string, string | number>,
  { get: (t, k: string) => (k in t ? t[k] : 3), has: () => true },
);

function messages(cat: Record<string, Record<string, string>>): [string, string][] {
  return Object.entries(cat).flatMap(([area, msgs]) => Object.entries(msgs).map(([k, v]): [string, string] => [`${area}.${k}`, v]));
}

describe('the catalogue passes through unchanged', () => {
  for (const [locale, cat] of [['en', en], ['zh-CN', zhCN]] as const) {
    it(`every ${locale} message, with realistic parameters`, () => {
      const altered = messages(cat as unknown as Record<string, Record<string, string>>)
        .map(([key, template]) => ({ key, text: format(template, PARAMS) }))
        .filter(({ text }) => redact(text) !== text)
        .map(({ key, text }) => `${key}: ${text} -> ${redact(text)}`);
      expect(altered).toEqual([]);
    });
  }

  it('redacts a text it has seen before with the secrets known now, not the ones known then', () => {
    const line = 'connecting with hunter2-long-value';
    expect(redact(line)).toBe(line);
    setKnownSecrets(['hunter2-long-value']);
    expect(redact(line)).toBe(`connecting with ${REDACTED}`);
    setKnownSecrets([]);
    expect(redact(line)).toBe(line);
  });
});
