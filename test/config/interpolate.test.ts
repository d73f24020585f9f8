import { describe, expect, test } from 'vitest';
import { interpolateString } from '../../src/config/interpolate.js';
import { loadConfig } from '../../src/config/load.js';
import { tempProject } from './fixture.js';

describe('interpolateString', () => {
  test.each([
    ['${A}', { A: 'x' }, 'x', []],
    ['pre-${A}-post', { A: 'x' }, 'pre-x-post', []],
    ['${A:-8000}', {}, '8000', []],
    ['${A:-8000}', { A: '' }, '8000', []], // like the shell: an empty value takes the default too
    ['${A:-}', {}, '', []],
    ['${A}', { A: '' }, '', []],
    ['http://127.0.0.1:${P:-1}/health', { P: '9' }, 'http://127.0.0.1:9/health', []],
    ['${A} and ${B}', {}, ' and ', ['A', 'B']],
    ['$${A} stays', { A: 'x' }, '${A} stays', []],
    ['no refs $HOME {A}', { HOME: '/h' }, 'no refs $HOME {A}', []],
  ] as const)('%s', (text, env, value, missing) => {
    expect(interpolateString(text, env)).toEqual({ value, missing: [...missing] });
  });
});

describe('interpolation in services.yaml', () => {
  const config = [
    'services:',
    '  backend:',
    '    command: node backend.mjs --name "${SVC_NAME:-back end}"',
    '    env: { PORT: "${BACKEND_PORT:-8000}", QUOTED: "${N:-5}" }',
    '    port: ${BACKEND_PORT:-8000}',
    '    health: { url: "http://127.0.0.1:${BACKEND_PORT:-8000}/health" }',
    '    title: "${TITLE:-42}"',
    '',
  ].join('\n');

  test('defaults apply when unset; a whole plain scalar that is an integer becomes a number', () => {
    const cwd = tempProject({ 'config/services.yaml': config });
    const backend = loadConfig({ cwd, env: {} }).services.backend!;
    expect(backend.port).toBe(8000);
    expect(backend.env).toEqual({ PORT: '8000', QUOTED: '5' });
    expect(backend.health?.url).toBe('http://127.0.0.1:8000/health');
    expect(backend.argv).toEqual(['node', 'backend.mjs', '--name', 'back end']);
    // quoted: the user asked for a string
    expect(backend.title).toBe('42');
  });

  test('values come from the environment given', () => {
    const cwd = tempProject({ 'config/services.yaml': config });
    const backend = loadConfig({ cwd, env: { BACKEND_PORT: '9123', SVC_NAME: 'api' } }).services.backend!;
    expect(backend.port).toBe(9123);
    expect(backend.env.PORT).toBe('9123');
    expect(backend.health?.url).toBe('http://127.0.0.1:9123/health');
    expect(backend.argv).toEqual(['node', 'backend.mjs', '--name', 'api']);
  });

  test('a non-numeric port from the environment is a type problem at the port', () => {
    const cwd = tempProject({ 'config/services.yaml': config });
    expect(() => loadConfig({ cwd, env: { BACKEND_PORT: 'eighty' } })).toThrow(
      'config/services.yaml:5:11 services.backend.port: expected a number, got "eighty"',
    );
  });
});
