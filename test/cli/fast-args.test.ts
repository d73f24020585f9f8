/**
 * Which command lines take the fast path (src/cli/fast-args.ts): exactly the forms commander reads as
 * `status|start|stop|restart [service] [--json]` with the global `-c/--config`; everything else goes to commander,
 * which explains it.
 */
import { describe, expect, it } from 'vitest';
import { fastArgs, runArgs } from '../../src/cli/fast-args.js';

describe('fastArgs', () => {
  it.each([
    [['status'], { command: 'status', json: false }],
    [['status', '--json'], { command: 'status', json: true }],
    [['status', 'llm'], { command: 'status', json: false, service: 'llm' }],
    [['status', '--json', 'llm', '--json'], { command: 'status', json: true, service: 'llm' }],
    [['--config', 'a.yaml', 'status'], { command: 'status', json: false, configPath: 'a.yaml' }],
    [['status', '-c', 'a.yaml', 'llm', '--json'], { command: 'status', json: true, service: 'llm', configPath: 'a.yaml' }],
    [['-ca.yaml', 'status', '--config=b.yaml'], { command: 'status', json: false, configPath: 'b.yaml' }],
    [['-c', 'a.yaml', 'status', '--config', ''], { command: 'status', json: false }],
    [['restart', 'llm'], { command: 'restart', json: false, service: 'llm' }],
    [['start', '--json', '-c', 'a.yaml'], { command: 'start', json: true, configPath: 'a.yaml' }],
    [['stop', 'all'], { command: 'stop', json: false, service: 'all' }],
  ])('%j takes the fast path', (args, expected) => {
    expect(fastArgs(args)).toEqual(expected);
  });

  it.each([
    [[]],
    [['--json', 'status']], // commander: unknown option before the command
    [['status', 'llm', 'backend']], // too many arguments
    [['status', '--', 'llm']],
    [['status', '--help']],
    [['status', '-h']],
    [['status', '--json=1']],
    [['status', '--config']], // missing value
    [['status', '-c', '--json']], // a value that looks like an option
    [['monitor', 'status']],
    [['stat']], // a typo: commander suggests the command
    [['restart', 'llm', '--force']],
    [['start', 'llm', 'backend']], // too many arguments
    [['help', 'status']],
  ])('%j goes to commander', (args) => {
    expect(fastArgs(args)).toBeUndefined();
  });
});

describe('runArgs', () => {
  it.each([
    [['run'], {}],
    [['run', '--config', 'a.yaml'], { configPath: 'a.yaml' }],
    [['-c', 'a.yaml', 'run'], { configPath: 'a.yaml' }],
    [['-ca.yaml', 'run', '--config=b.yaml'], { configPath: 'b.yaml' }],
    [['--config', 'a.yaml', 'run', '-c', ''], {}],
  ])('%j starts the daemon without commander', (args, expected) => {
    expect(runArgs(args)).toEqual(expected);
  });

  it.each([
    [[]],
    [['run', '--help']],
    [['run', '-h']],
    [['run', 'llm']], // an extra argument: commander says what is wrong
    [['run', 'run']],
    [['run', '--config']], // missing value
    [['run', '-c', '--json']], // a value that looks like an option
    [['status']],
    [['--version']],
    [['help', 'run']],
  ])('%j goes to commander', (args) => {
    expect(runArgs(args)).toBeUndefined();
  });
});
