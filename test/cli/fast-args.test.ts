/**
 * Which command lines take the status fast path (src/cli/fast-args.ts): exactly the forms commander reads as
 * `status [service] [--json]` with the global `-c/--config`; everything else goes to commander, which explains it.
 */
import { describe, expect, it } from 'vitest';
import { fastStatusArgs } from '../../src/cli/fast-args.js';

describe('fastStatusArgs', () => {
  it.each([
    [['status'], { json: false }],
    [['status', '--json'], { json: true }],
    [['status', 'llm'], { json: false, service: 'llm' }],
    [['status', '--json', 'llm', '--json'], { json: true, service: 'llm' }],
    [['--config', 'a.yaml', 'status'], { json: false, configPath: 'a.yaml' }],
    [['status', '-c', 'a.yaml', 'llm', '--json'], { json: true, service: 'llm', configPath: 'a.yaml' }],
    [['-ca.yaml', 'status', '--config=b.yaml'], { json: false, configPath: 'b.yaml' }],
    [['-c', 'a.yaml', 'status', '--config', ''], { json: false }],
  ])('%j is a plain status', (args, expected) => {
    expect(fastStatusArgs(args)).toEqual(expected);
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
    [['restart', 'llm']],
    [['help', 'status']],
  ])('%j goes to commander', (args) => {
    expect(fastStatusArgs(args)).toBeUndefined();
  });
});
