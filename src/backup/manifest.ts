/**
 * The manifest inside every archive (`manifest.json`): each file with its size and SHA-256, what it is, and where a
 * restore writes it back. Restore trusts nothing in an archive until every checksum here matches.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_FORMAT = 'teachops-backup/1';

/**
 * config: a file of the config folder (restored to `<config dir>/<rel>`);
 * logs: a file of the logs folder (kept for reading, not restored);
 * state: the state database (restored to `<logs_dir>/teachops.db`);
 * data: a file named by `backup.include` (restored to `<config dir>/<rel>`, rel may start with `../`).
 */
export const entryKinds = ['config', 'logs', 'state', 'data'] as const;
export type EntryKind = (typeof entryKinds)[number];

const entrySchema = z.object({
  /** path inside the archive, posix, relative, no `..` */
  path: z.string().refine((p) => p !== '' && !p.startsWith('/') && !p.split('/').includes('..'), 'unsafe path'),
  kind: z.enum(entryKinds),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** written with SQLite's online backup API, never by copying the file */
  sqlite: z.boolean(),
  /** relative to the root of its kind (config dir for config/data, logs dir for logs/state) */
  rel: z.string(),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  created_at: z.string(),
  name: z.string(),
  host: z.string().optional(),
  config_dir: z.string(),
  logs_dir: z.string(),
  files: z.array(entrySchema),
});

export type ManifestEntry = z.output<typeof entrySchema>;
export type Manifest = z.output<typeof manifestSchema>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
