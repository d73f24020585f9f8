/**
 * The people directory backed by Slack: `users.info` for each id not cached (or cached more than a week ago), in
 * parallel, each call bounded by a short timeout, answers kept in the store's cache. Slack down: the cache (even an
 * old entry) is used; an id nobody knows stays raw. Web API client of its own, without retries: a postmortem
 * must not wait a minute for a Slack that is not there.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import type { Store } from '../store/index.js';
import { cachedName, cacheName, displayName, NAME_TTL_MS, slackIdOf, type PeopleDirectory, type PersonName } from '../ops/people.js';

export interface SlackPeopleOptions {
  store: Store;
  token: string;
  apiUrl: string;
  now: () => number;
  timeoutMs?: number;
}

export function slackPeople(o: SlackPeopleOptions): PeopleDirectory {
  const web = new WebClient(o.token, { slackApiUrl: o.apiUrl, retryConfig: { retries: 0 }, timeout: o.timeoutMs ?? 3000, logLevel: LogLevel.ERROR });
  const lookup = async (id: string): Promise<PersonName | undefined> => {
    const hit = cachedName(o.store, id);
    if (hit && o.now() - hit.at < NAME_TTL_MS) return hit.person;
    try {
      const r = await web.users.info({ user: id });
      const u = r.user;
      if (!u?.name) return hit?.person;
      const person = { name: u.name, real_name: u.real_name ?? u.profile?.real_name ?? null };
      cacheName(o.store, id, person, o.now());
      return person;
    } catch {
      // Not reachable, or refused: an old name is better than a raw id.
      return hit?.person;
    }
  };
  return {
    async names(labels) {
      const out = new Map<string, string>();
      await Promise.all(
        [...new Set(labels)].map(async (label) => {
          const id = slackIdOf(label);
          const person = id === undefined ? undefined : await lookup(id);
          if (person) out.set(label, displayName(person));
        }),
      );
      return out;
    },
  };
}
