/**
 * What every CLI command gets: lazily loaded config, store and supervisor (so `teach config check` never opens the
 * database and `teach --help` loads nothing), output functions, the locale, and the exit code to set.
 */
import { userInfo } from 'node:os';
import type { Config, Locale } from '../config/types.js';
import type { Store } from '../store/index.js';
import type { Supervisor } from '../supervisor/types.js';
import type { Actor, OpsContext } from '../ops/types.js';
import { systemClock } from '../clock.js';
import { translator, type Translate } from '../i18n/index.js';
import { loadConfigCached, loadFromCache } from '../config/cache.js';
import { openStore } from '../store/index.js';
import { createSupervisor } from '../supervisor/index.js';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class CliContext {
  configPath: string | undefined;
  exitCode = 0;
  private cfg?: Config;
  private st?: Store;
  private sup?: Supervisor;

  constructor(readonly io: CliIO) {}

  get color(): boolean {
    return this.io.isTTY && !this.io.env.NO_COLOR;
  }

  private get loadOptions() {
    return { ...(this.configPath ? { file: this.configPath } : {}), env: this.io.env, cwd: this.io.cwd };
  }

  /**
   * Loads the config before a command runs (the program's preAction hook): from the per-user cache when the file and
   * its variables are unchanged, else with the full loader. Throws ConfigError (exit 2) when invalid.
   */
  async prepare(): Promise<void> {
    this.cfg ??= await loadConfigCached(this.loadOptions);
  }

  /** The config from the per-user cache alone (the status fast path): false when there is no usable entry. */
  prepareFromCache(): boolean {
    this.cfg ??= loadFromCache(this.loadOptions);
    return this.cfg !== undefined;
  }

  /** The full loader, bypassing the cache: for `teach config check` and `teach doctor`, which report every problem. */
  async loadFresh(): Promise<Config> {
    const { loadConfig } = await import('../config/load.js');
    this.cfg = loadConfig(this.loadOptions);
    return this.cfg;
  }

  /** The config loaded by prepare() or loadFresh(). */
  config(): Config {
    if (!this.cfg) throw new Error('internal: the config was not loaded before the command ran');
    return this.cfg;
  }

  get locale(): Locale {
    return this.cfg?.locale ?? 'en';
  }

  get tr(): Translate {
    return translator(this.locale);
  }

  store(): Store {
    this.st ??= openStore(this.config().logs_dir, this.locale);
    return this.st;
  }

  supervisor(): Supervisor {
    this.sup ??= createSupervisor({ config: this.config(), store: this.store(), log: () => {} });
    return this.sup;
  }

  /**
   * The operations' view of this context. The store and the supervisor open on first use, so an operation can set
   * slow reads going (status: the kernel's TCP tables) before it pays for opening the database.
   */
  ops(): OpsContext {
    const store = () => this.store();
    const supervisor = () => this.supervisor();
    return {
      config: this.config(),
      get store() {
        return store();
      },
      get supervisor() {
        return supervisor();
      },
      clock: systemClock,
      shortLived: true,
      // Silencing an Alertmanager alert from the host asks Alertmanager (ALERTMANAGER_URL, from the environment or
      // .env as `teach run` reads it); built only when such an alert is touched.
      alertSources: {
        alertmanager: async () => {
          const [{ readDaemonEnv }, { alertmanagerApiFromEnv, alertmanagerSource }] = await Promise.all([import('../app/env.js'), import('../alertmanager/source.js')]);
          const api = alertmanagerApiFromEnv(readDaemonEnv(this.io.cwd, this.io.env), this.locale);
          return api ? alertmanagerSource(api) : undefined;
        },
      },
    };
  }

  actor(): Actor {
    let name = this.io.env.SUDO_USER || this.io.env.USER || '';
    if (!name) {
      try {
        name = userInfo().username;
      } catch {
        name = `uid${process.getuid?.() ?? '?'}`;
      }
    }
    return { source: 'cli', id: name, channel: process.stdout.isTTY ? 'tty' : null };
  }

  setExit(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }

  close(): void {
    this.st?.close();
  }
}
