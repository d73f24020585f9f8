/** A temp project with config/services.yaml, removed after the test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';

export function tempProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-config-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Loads `yaml` as <tmp>/config/services.yaml and returns the ConfigError it throws. */
export function configError(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  const cwd = tempProject({ 'config/services.yaml': yaml });
  try {
    loadConfig({ cwd, env });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** The problem lines as the user sees them: `config/services.yaml:3:5 path: message`. */
export function problemLines(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  return configError(yaml, env).message.split('\n').slice(1);
}

export const yaml = (strings: TemplateStringsArray, ...values: unknown[]) => String.raw({ raw: strings }, ...values).replace(/^\n/, '');
