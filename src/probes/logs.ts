/**
 * Reading the end of a service log without reading the log: logs grow to `log_rotation.max_size` (50 MB by
 * default) and `/teach logs llm 50` must not pull all of it into memory. Chunks are read backwards from the end
 * until enough newlines are seen; splitting on the 0x0A byte before decoding is safe for UTF-8.
 */
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ClassifyOptions } from './classify.js';
import { summarizeErrors, type ErrorSummary } from './error-summary.js';

const CHUNK = 64 * 1024;
const NL = 0x0a;
const gunzipAsync = promisify(gunzip);

/** The last `n` lines of `file` (oldest first); [] for a missing or empty file. */
export async function tailLines(file: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
  try {
    let pos = (await fh.stat()).size;
    const chunks: Buffer[] = [];
    let newlines = 0;
    // n + 1 newlines guarantee n whole lines whether or not the file ends with a newline.
    while (pos > 0 && newlines <= n) {
      const size = Math.min(CHUNK, pos);
      pos -= size;
      const buf = Buffer.alloc(size);
      const { bytesRead } = await fh.read(buf, 0, size, pos);
      const got = buf.subarray(0, bytesRead);
      chunks.unshift(got);
      for (let i = got.indexOf(NL); i !== -1; i = got.indexOf(NL, i + 1)) newlines++;
    }
    const lines = splitLines(Buffer.concat(chunks).toString('utf8'));
    // Stopped mid-file: the first piece is the tail of a longer line, not a whole one.
    if (pos > 0) lines.shift();
    return lines.slice(-n);
  } finally {
    await fh.close();
  }
}

/**
 * The last `n` lines, continuing into the previous rotation (`<file>.1`, or `<file>.1.gz` once rotated files are
 * compressed) when the current file is shorter: right after a rotation the errors that matter are in the old file.
 */
export async function tailAcrossRotation(file: string, n: number): Promise<string[]> {
  const current = await tailLines(file, n);
  if (current.length >= n) return current;
  const older = await tailRotated(file, n - current.length);
  return [...older, ...current];
}

async function tailRotated(file: string, n: number): Promise<string[]> {
  const plain = await tailLines(`${file}.1`, n);
  if (plain.length > 0) return plain;
  try {
    // A compressed file can only be read from its start; rotated files are capped at max_size, so this is bounded.
    // Async gunzip rather than gunzipSync: the daemon's event loop also serves Slack and the monitor.
    const text = (await gunzipAsync(await readFile(`${file}.1.gz`))).toString('utf8');
    return splitLines(text).slice(-n);
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** The error summary of the end of a log: what the one classifier (classify.ts) found, counted per kind. */
export type LogScan = ErrorSummary;

/** Classifies the last `n` lines of a service log (error-summary.ts says what each count counts). */
export async function scanLog(file: string, n = 200, secrets: readonly string[] = [], opts: ClassifyOptions = {}): Promise<LogScan> {
  const lines = await tailAcrossRotation(file, n);
  return summarizeErrors(lines, { ...opts, secrets });
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
}
