/**
 * An automatic restart (restart policy: `recordDesired: false`) that has to wait for the service lock while an
 * operator in another process stops the service must not start it again afterwards: the operator's stop wins.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import type { ServiceResult } from '../../src/supervisor/types.js';
import { demoCommand } from '../support/temp-project.js';
import { by, harness, httpService } from './helpers.js';

describe('automatic restart vs an operator stop', () => {
  it('a policy restart queued behind a CLI stop does not start the service again', async () => {
    const web = await httpService(demoCommand('backend'));
    const h = harness({ services: { web: web.def } });
    const [started] = await h.sup.start('web', by(h));
    expect(started?.ok).toBe(true);

    // The CLI: another store handle and supervisor, as another process would have.
    const cliStore = openStore(h.logsDir);
    try {
      const cli = createSupervisor({ config: h.config, store: cliStore });
      // When the CLI stop signals the service it holds the lock: that is when the restart policy (which decided while
      // desired was still running) asks for its restart, and has to wait.
      let auto: Promise<ServiceResult[]> | undefined;
      let holderPurpose: string | undefined;
      const stopping = cli.stop('web', {
        by: 'cli:alice',
        onEvent: (e) => {
          if (e.type !== 'stopping' || auto) return;
          holderPurpose = h.store.locks.holder('service:web')?.purpose;
          auto = h.sup.restart('web', { by: 'teachops', recordDesired: false });
        },
      });
      const [stopped] = await stopping;
      expect(stopped?.ok).toBe(true);
      expect(holderPurpose).toContain('stop web');
      expect(auto).toBeDefined();
      const [restarted] = await auto!;
      expect(restarted).toMatchObject({ service: 'web', ok: true, already: true });
    } finally {
      cliStore.close();
    }
    expect(h.store.desired.get('web')).toBe('stopped');
    expect(h.sup.runtime('web')[0]!.state).toBe('stopped');
    await h.sup.stop('web', by(h));
  });
});
