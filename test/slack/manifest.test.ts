/**
 * manifest.yml creates the app in one step: it must validate against Slack's published manifest schema (v1).
 * The schema is vendored in test/fixtures (MIT, LICENSE beside it) so this never depends on a folder outside
 * the repository; when the shared copy is present too, the manifest is checked against both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/temp-project.js';

const manifest = parse(readFileSync(join(repoRoot, 'manifest.yml'), 'utf8')) as {
  features: { slash_commands: { command: string; description: string; usage_hint: string }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
};

function validate(schemaFile: string): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const check = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return check(manifest) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('manifest.yml', () => {
  it('validates against the vendored Slack manifest schema v1', () => {
    expect(validate(join(repoRoot, 'test/fixtures/slack-manifest.schema.v1.json'))).toEqual([]);
  });

  it('validates against the shared schema when it is present beside the clone', () => {
    const shared = resolve(repoRoot, '..', 'shared', 'slack', 'manifest.schema.v1.json');
    if (!existsSync(shared)) return;
    expect(validate(shared)).toEqual([]);
  });

  it('declares what the bot uses: /teach with a usage hint, interactivity, Socket Mode and its scopes', () => {
    const teach = manifest.features.slash_commands.find((c) => c.command === '/teach');
    expect(teach?.usage_hint).toContain('status');
    expect(teach?.description.length).toBeGreaterThan(0);
    expect(manifest.features.bot_user.display_name).toBe('teachops');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['channels:history', 'channels:read', 'chat:write', 'commands', 'files:write', 'groups:history', 'groups:read']);
  });
});
