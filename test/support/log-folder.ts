/**
 * What a log folder holds for one log at a moment: the live file, its rotated generations (`<log>.N`, `<log>.N.gz`)
 * and temp files, with the size of each generation as it was written (a `.gz`'s unpacked size from its trailer).
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

export interface FolderSample {
  /** bytes on disk of every file belonging to the log */
  totalBytes: number;
  /** the largest of: the live file, a plain generation, a `.gz` generation's unpacked size, a temp copy */
  largestGeneration: number;
  /** rotated generations present (`<log>.N` or `<log>.N.gz`; both at once while one is being compressed) */
  generations: number;
}

/** gzip's ISIZE trailer: the unpacked size mod 2^32 of the last member (teachops writes one member per file). */
function unpackedSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 18) return 0;
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, size - 4);
    return b.readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
}

export function folderSample(dir: string, log: string): FolderSample {
  const s: FolderSample = { totalBytes: 0, largestGeneration: 0, generations: 0 };
  const indices = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(log)) continue;
    let size: number;
    let unpacked: number;
    try {
      size = lstatSync(join(dir, name)).size;
      // a compression in progress (`<log>.gz-<id>.tmp`) holds a generation that is still counted as plain
      unpacked = /\.\d+\.gz$/.test(name) ? unpackedSize(join(dir, name)) : /\.gz-\w+\.tmp$/.test(name) ? 0 : size;
    } catch {
      continue; // renamed or removed between readdir and stat
    }
    s.totalBytes += size;
    s.largestGeneration = Math.max(s.largestGeneration, unpacked);
    const gen = /^\.(\d+)(\.gz)?$/.exec(name.slice(log.length));
    if (gen) indices.add(gen[1]!);
  }
  s.generations = indices.size;
  return s;
}
