/**
 * People by name instead of raw ids (`@U0ALICE001`) in what is read later (the postmortem): a port the adapters
 * fill. Slack names come from `users.info` (src/slack/people.ts) and are cached in the store, so a postmortem written
 * while Slack is unreachable still names everyone seen before; an id is shown raw only when neither Slack nor the
 * cache knows it. Host users are "alice (host)"; teachops is itself.
 */
import type { Store } from '../store/index.js';

export interface PersonName {
  /** the Slack handle */
  name: string;
  real_name: string | null;
}

export interface PeopleDirectory {
  /** display names by actor label (`slack:U0123` -> "Alice Chen (@alice)"); labels it cannot name are left out */
  names(labels: readonly string[]): Promise<Map<string, string>>;
}

const CACHE = 'slack.user.';
/** Names change rarely; a week-old entry is asked again (and still used when Slack does not answer). */
export const NAME_TTL_MS = 7 * 86_400_000;

export const slackIdOf = (label: string): string | undefined => (label.startsWith('slack:') ? label.slice(6) : undefined);

export function displayName(p: PersonName): string {
  return p.real_name && p.real_name !== p.name ? `${p.real_name} (@${p.name})` : `@${p.name}`;
}

export function cachedName(store: Store, id: string): { person: PersonName; at: number } | undefined {
  const r = store.kv.get<PersonName>(CACHE + id);
  return r ? { person: r.value, at: r.updated_at } : undefined;
}

export function cacheName(store: Store, id: string, p: PersonName, at: number): void {
  store.kv.set(CACHE + id, p, at);
}

/** The cache alone: what a process without Slack (or before it answers) can say. */
export function cachedPeople(store: Store): PeopleDirectory {
  return {
    async names(labels) {
      const out = new Map<string, string>();
      for (const label of new Set(labels)) {
        const id = slackIdOf(label);
        const hit = id === undefined ? undefined : cachedName(store, id);
        if (hit) out.set(label, displayName(hit.person));
      }
      return out;
    },
  };
}
