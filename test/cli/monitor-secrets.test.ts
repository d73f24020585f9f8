/**
 * `teach monitor full` (and `/teach monitor`, which shares collectFullView) lists each service's processes with their
 * command lines: a secret passed on the command line must be redacted there like everywhere else.
 */
import { describe, expect, it } from 'vitest';
import { demoProject, teach } from './helpers.js';
import { demoCommand, freePort } from '../support/temp-project.js';

const SECRET = 'plainsecretvalue42xyz';

describe('teach monitor full', () => {
  it('does not print a secret that is on a service command line', async () => {
    const port = await freePort();
    const p = await demoProject({
      services: {
        backend: {
          command: demoCommand('backend', '--api-token', SECRET),
          env: { PORT: String(port), BACKEND_API_TOKEN: SECRET },
          port,
          health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
          start_timeout: '10s',
          stop_timeout: '3s',
        },
      },
    });
    expect(teach(p, ['start', 'backend']).code).toBe(0);
    const json = teach(p, ['monitor', 'full', '--json']);
    const view = JSON.parse(json.stdout) as { processes: { service: string; pids: { command: string }[] }[] };
    const backend = view.processes.find((x) => x.service === 'backend')!;
    expect(backend.pids.length).toBeGreaterThan(0);
    expect(backend.pids[0]!.command).toContain('[redacted]');
    expect(json.stdout).not.toContain(SECRET);
    expect(teach(p, ['monitor', 'full']).stdout).not.toContain(SECRET);
  });
});
