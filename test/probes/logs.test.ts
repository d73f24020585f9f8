import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanLog, tailAcrossRotation, tailLines } from '../../src/probes/logs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teachops-logs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('tailLines', () => {
  it('returns exactly the last N lines of a 5 MB log', async () => {
    const file = join(dir, 'big.log');
    // ~5 MB of lines of varying length, some multi-byte, so chunk edges fall mid-line and mid-character
    const lines = Array.from({ length: 60_000 }, (_, i) => `2026-01-05 INFO request ${i} ${'路径'.repeat(i % 17)} ${'x'.repeat(i % 50)}`);
    await writeFile(file, lines.join('\n') + '\n');
    expect(await tailLines(file, 500)).toEqual(lines.slice(-500));
    expect(await tailLines(file, 1)).toEqual(lines.slice(-1));
  });

  it('handles a file without a trailing newline, CRLF, and fewer lines than asked', async () => {
    const file = join(dir, 'a.log');
    await writeFile(file, 'one\r\ntwo\r\nthree');
    expect(await tailLines(file, 2)).toEqual(['two', 'three']);
    expect(await tailLines(file, 10)).toEqual(['one', 'two', 'three']);
  });

  it('returns nothing for an empty or missing file', async () => {
    const file = join(dir, 'empty.log');
    await writeFile(file, '');
    expect(await tailLines(file, 5)).toEqual([]);
    expect(await tailLines(join(dir, 'missing.log'), 5)).toEqual([]);
    expect(await tailLines(file, 0)).toEqual([]);
  });
});

describe('tailAcrossRotation', () => {
  it('continues into <file>.1 when the current log is short', async () => {
    const file = join(dir, 'llm.log');
    await writeFile(file, numbered(101, 103).join('\n') + '\n');
    await writeFile(`${file}.1`, numbered(1, 100).join('\n') + '\n');
    expect(await tailAcrossRotation(file, 5)).toEqual(numbered(99, 103));
    expect(await tailAcrossRotation(file, 2)).toEqual(numbered(102, 103));
  });

  it('reads a gzip-compressed <file>.1.gz', async () => {
    const file = join(dir, 'llm.log');
    await writeFile(file, numbered(101, 103).join('\n'));
    await writeFile(`${file}.1.gz`, gzipSync(numbered(1, 100).join('\n') + '\n'));
    expect(await tailAcrossRotation(file, 6)).toEqual(numbered(98, 103));
  });

  it('reads only the rotated file right after a rotation', async () => {
    const file = join(dir, 'llm.log');
    await writeFile(`${file}.1`, numbered(1, 10).join('\n'));
    expect(await tailAcrossRotation(file, 3)).toEqual(numbered(8, 10));
  });
});

describe('scanLog', () => {
  it('counts error lines, exceptions, tracebacks and warnings (src/probes/classify.ts) and redacts the latest ones', async () => {
    const file = join(dir, 'llm.log');
    await writeFile(
      file,
      [
        'INFO: started server',
        'ERROR: provider call failed with key sk-abcdef1234567890',
        'WARNING: retrying',
        'Traceback (most recent call last):',
        '  File "server.py", line 3, in <module>',
        'ValueError: DASHSCOPE_API_KEY=xyz123secret is invalid',
        'CRITICAL: giving up',
        'an exception was raised while closing',
        'INFO: errors=0 in the last minute',
        'FATAL worker died',
        'INFO: 200 OK',
      ].join('\n') + '\n',
    );
    const scan = await scanLog(file, 200, ['xyz123secret']);
    // Error lines: ERROR, CRITICAL, FATAL and the unleveled line that says "exception"; the traceback is one report
    // ending in one exception (with where it was raised); "errors=0" at INFO is not an error.
    expect(scan).toMatchObject({ scanned: 11, errors: 4, exceptions: 1, exception_types: { ValueError: 1 }, tracebacks: 1, warnings: 1 });
    expect(scan.latest).toEqual([
      'ERROR: provider call failed with key [redacted]',
      'ValueError: DASHSCOPE_API_KEY=[redacted] is invalid  [server.py:3 in <module>]',
      'CRITICAL: giving up',
      'an exception was raised while closing',
      'FATAL worker died',
    ]);
    // without the env's secret values, a NAME=value pair whose name looks secret is still redacted
    expect((await scanLog(file, 200)).latest.join('\n')).not.toContain('xyz123secret');
    // only the last n lines count
    expect(await scanLog(file, 3)).toMatchObject({ scanned: 3, errors: 1, latest: ['FATAL worker died'] });
  });

  it('redacts a key in the newest matching line', async () => {
    const file = join(dir, 'llm.log');
    await writeFile(file, 'INFO ok\nERROR auth failed for sk-abcdef1234567890 with DASHSCOPE_API_KEY=xyz123secret from .env\n');
    const scan = await scanLog(file);
    expect(scan.errors).toBe(1);
    expect(scan.latest).toEqual(['ERROR auth failed for [redacted] with DASHSCOPE_API_KEY=[redacted] from .env']);
  });

  it('scans a missing log as empty', async () => {
    expect(await scanLog(join(dir, 'none.log'))).toEqual({ scanned: 0, errors: 0, exceptions: 0, exception_types: {}, tracebacks: 0, warnings: 0, failed_requests: 0, health_checks: 0, latest: [] });
  });
});
