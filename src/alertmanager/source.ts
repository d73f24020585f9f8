/**
 * The Alertmanager source hook (src/ops/alert-sources.ts) over its API v2: a silence matches the alert's exact label
 * set (every label, equal, no regex), which is what Alertmanager's own "Silence" on an alert does, and carries who
 * made it and why. `alertmanagerSources(env)` builds it from ALERTMANAGER_URL for `teach run` and the CLI.
 */
import type { Locale } from '../config/types.js';
import type { AlertSource, AlertSources } from '../ops/alert-sources.js';
import { AlertmanagerApi, type Matcher } from './api.js';

export function alertmanagerSource(api: AlertmanagerApi): AlertSource {
  return {
    async silence(req) {
      const matchers: Matcher[] = Object.entries(req.external.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const id = await api.createSilence(
        {
          ...(req.replaces ? { id: req.replaces } : {}),
          matchers,
          startsAt: new Date().toISOString(),
          endsAt: new Date(req.endsAt).toISOString(),
          createdBy: req.createdBy,
          comment: req.comment,
        },
        { kind: 'silence', alert: req.alert.id },
      );
      return { id, url: api.silenceUrl(id) };
    },
    async unsilence(req) {
      await api.expireSilence(req.silenceId, { kind: 'unsilence', alert: req.alert.id, silence: req.silenceId });
    },
  };
}

/** ALERTMANAGER_URL as an API client, undefined when unset; throws AlertmanagerBadUrlError when it is not a URL. */
export function alertmanagerApiFromEnv(env: NodeJS.ProcessEnv, locale: Locale, o: { fetch?: typeof fetch; timeoutMs?: number } = {}): AlertmanagerApi | undefined {
  const url = env.ALERTMANAGER_URL?.trim();
  return url ? new AlertmanagerApi({ url, locale, ...o }) : undefined;
}

/** The hooks for an OpsContext: built on first use, so a CLI command that never touches such an alert pays nothing. */
export function alertmanagerSources(api: () => AlertmanagerApi | undefined): AlertSources {
  let source: AlertSource | undefined;
  return {
    alertmanager() {
      if (source) return source;
      const a = api();
      source = a ? alertmanagerSource(a) : undefined;
      return source;
    },
  };
}
