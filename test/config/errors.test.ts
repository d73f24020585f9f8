import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';
import { configError, problemLines, tempProject } from './fixture.js';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const F = 'config/services.yaml';

const cases: { name: string; yaml: string; problems: string[] }[] = [
  {
    name: 'unknown key, with did-you-mean',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    health:', '      url: http://127.0.0.1:8001/health', '      timout: 2s'),
    problems: [`${F}:6:7 services.llm.health.timout: unknown key "timout", did you mean "timeout"?`],
  },
  {
    name: 'unknown key, nothing close: the known keys are listed',
    yaml: y('colour: red'),
    problems: [
      `${F}:1:1 colour: unknown key "colour" (known keys: name, locale, env_file, logs_dir, services, monitor, alerts, access, runbook, backup, log_rotation, metrics)`,
    ],
  },
  {
    name: 'duration without a unit',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    health:', '      url: http://127.0.0.1:8001/health', '      timeout: 2'),
    problems: [`${F}:6:16 services.llm.health.timeout: expected a duration like "5s" or "500ms", got 2 (number)`],
  },
  {
    name: 'duration with a unit teachops does not know',
    yaml: y('monitor:', '  interval: 5 seconds'),
    problems: [`${F}:2:13 monitor.interval: expected a duration like "5s" or "500ms", got "5 seconds"`],
  },
  {
    name: 'wrong type',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    port: "8001"'),
    problems: [`${F}:4:11 services.llm.port: expected a number, got "8001"`],
  },
  {
    name: 'number out of range',
    yaml: y('monitor:', '  thresholds: { cpu_percent: 0 }'),
    problems: [`${F}:2:30 monitor.thresholds.cpu_percent: expected a number >= 1, got 0 (number)`],
  },
  {
    name: 'invalid enum',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    restart: { policy: sometimes }'),
    problems: [`${F}:4:24 services.llm.restart.policy: expected one of on-failure, always, never, got "sometimes"`],
  },
  {
    name: 'command of the wrong type',
    yaml: y('services:', '  llm:', '    command: 42'),
    problems: [`${F}:3:14 services.llm.command: expected a string or a list, got 42 (number)`],
  },
  {
    name: 'missing command points at the service',
    yaml: y('services:', '  llm:', '    cwd: ../llm'),
    problems: [`${F}:2:3 services.llm.command: missing required key "command"`],
  },
  {
    name: 'unterminated quote in the command',
    yaml: y('services:', '  llm:', `    command: node "my server.mjs`),
    problems: [`${F}:3:14 services.llm.command: unterminated " quote in the command`],
  },
  {
    name: 'service name',
    yaml: y('services:', '  LLM_1:', '    command: node llm.mjs'),
    problems: [
      `${F}:2:3 services.LLM_1: service name "LLM_1" must match [a-z][a-z0-9-]* (a lowercase letter, then lowercase letters, digits or dashes)`,
    ],
  },
  {
    name: 'depends_on an unknown service, with did-you-mean',
    yaml: y('services:', '  backend:', '    command: node b.mjs', '  frontend:', '    command: node f.mjs', '    depends_on: [bakend]'),
    problems: [`${F}:6:18 services.frontend.depends_on[0]: unknown service "bakend", did you mean "backend"?`],
  },
  {
    name: 'dependency cycle, named',
    yaml: y(
      'services:',
      '  frontend:',
      '    command: node f.mjs',
      '    depends_on: [backend]',
      '  backend:',
      '    command: node b.mjs',
      '    depends_on: [frontend]',
    ),
    problems: [`${F}:4:17 services.frontend.depends_on: dependency cycle: frontend -> backend -> frontend`],
  },
  {
    name: 'a service depending on itself',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    depends_on: [llm]'),
    problems: [`${F}:4:17 services.llm.depends_on: dependency cycle: llm -> llm`],
  },
  {
    name: 'duplicate port, naming both services',
    yaml: y('services:', '  backend:', '    command: node b.mjs', '    port: 8000', '  llm:', '    command: node l.mjs', '    port: 8000'),
    problems: [`${F}:7:11 services.llm.port: port 8000 is used by both backend and llm`],
  },
  {
    name: 'health url that is not http',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    health: { url: "ftp://127.0.0.1/health" }'),
    problems: [`${F}:4:20 services.llm.health.url: expected an http:// or https:// URL, got "ftp://127.0.0.1/health"`],
  },
  {
    name: 'health url that is not a URL',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    health: { url: "not a url" }'),
    problems: [`${F}:4:20 services.llm.health.url: expected a URL like "http://127.0.0.1:8000/health", got "not a url"`],
  },
  {
    name: 'unset variable without a default',
    yaml: y('services:', '  llm:', '    command: node llm.mjs', '    port: ${LLM_PORT}'),
    problems: [`${F}:4:11 services.llm.port: environment variable LLM_PORT is not set (nor in config/.env); set it there or in the environment, or give a default like \${LLM_PORT:-value}`],
  },
  {
    name: 'several problems at once, in file order',
    yaml: y(
      'locale: fr',
      'services:',
      '  backend:',
      '    command: node b.mjs',
      '    port: 8000',
      '    stop_timeout: 10',
      '  frontend:',
      '    command: node f.mjs',
      '    port: 8000',
      '    depends_on: [backnd]',
      'monitr: {}',
    ),
    problems: [
      `${F}:1:9 locale: expected one of en, zh-CN, got "fr"`,
      `${F}:6:19 services.backend.stop_timeout: expected a duration like "5s" or "500ms", got 10 (number)`,
      `${F}:9:11 services.frontend.port: port 8000 is used by both backend and frontend`,
      `${F}:10:18 services.frontend.depends_on[0]: unknown service "backnd", did you mean "backend"?`,
      `${F}:11:1 monitr: unknown key "monitr", did you mean "monitor"?`,
    ],
  },
];

describe('config problems', () => {
  test.each(cases)('$name', ({ yaml, problems }) => {
    expect(problemLines(yaml)).toEqual(problems);
  });

  test('the error carries each problem with file, line, col and dotted path', () => {
    const error = configError(y('services:', '  llm:', '    command: node llm.mjs', '    health: { url: "http://x/", timeout: 2 }'));
    expect(error.code).toBe('config_invalid');
    expect(error.exitCode).toBe(2);
    expect(error.problems).toEqual([
      {
        file: expect.stringMatching(/config[/\\]services\.yaml$/),
        line: 4,
        col: 42,
        path: 'services.llm.health.timeout',
        message: 'expected a duration like "5s" or "500ms", got 2 (number)',
      },
    ]);
    expect(error.message.split('\n')[0]).toBe('config/services.yaml has 1 problem(s):');
    expect(error.hint).toContain('teach config check');
  });

  test('a YAML syntax error is reported with its line and column', () => {
    const error = configError(y('services:', '  llm:', '    command: [node, llm.mjs', 'monitor: {}'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 4, path: '' });
    expect(error.problems[0]!.message).toMatch(/^YAML syntax error: /);
    expect(error.message.split('\n')[1]).toMatch(/^config\/services\.yaml:4:\d+ \(file\): YAML syntax error: /);
  });

  test('a duplicate key is a syntax problem at the second key', () => {
    const error = configError(y('name: a', 'name: b'));
    expect(error.problems[0]).toMatchObject({ line: 2, col: 1 });
  });

  test('a missing file names the path and how to point teachops elsewhere', () => {
    const cwd = tempProject();
    let error: unknown;
    try {
      loadConfig({ cwd, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.message).toBe('config file not found: config/services.yaml');
    expect(e.hint).toMatch(/TEACHOPS_CONFIG/);
    expect(e.hint).toMatch(/--config/);
    expect(e.file).toBe(join(cwd, 'config/services.yaml'));
  });

  test('TEACHOPS_CONFIG and the file option choose the file; the option wins', () => {
    const cwd = tempProject({ 'a.yaml': 'name: from-env\n', 'b.yaml': 'name: from-option\n' });
    expect(loadConfig({ cwd, env: { TEACHOPS_CONFIG: 'a.yaml' } }).name).toBe('from-env');
    expect(loadConfig({ cwd, env: { TEACHOPS_CONFIG: 'a.yaml' }, file: 'b.yaml' }).name).toBe('from-option');
  });
});
