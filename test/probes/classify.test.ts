/**
 * The one log classifier on logs of real runs (test/fixtures/logs, recorded by capture.mjs): a FastAPI service under
 * uvicorn raising KeyError and ValueError while teachops probed its health (answered 500 for a while), and a Node
 * service crashing on an uncaught TypeError. Counts say what they count; health checks are left out; paths that
 * merely contain "errors"/"exceptions" (Starlette's middleware/exceptions.py) count for nothing.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLines, levelOf } from '../../src/probes/classify.js';
import { errorLines, exceptionTypesText, summarizeErrors } from '../../src/probes/error-summary.js';
import { scanLog } from '../../src/probes/logs.js';
import { repoRoot } from '../support/temp-project.js';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/logs', name);
const lines = (name: string) => readFileSync(fixture(name), 'utf8').split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
const health = { healthPaths: ['/health'] };

describe('the FastAPI service under uvicorn', () => {
  test('two tracebacks, their exceptions with where they were raised, the failed requests; health checks left out', async () => {
    const s = await scanLog(fixture('uvicorn.log'), 1000, [], health);
    expect(s).toMatchObject({
      errors: 3, // two "ERROR: Exception in ASGI application", one "ERROR:course_api:database connection lost"
      exceptions: 2,
      exception_types: { KeyError: 1, ValueError: 1 },
      tracebacks: 2, // each with its chained anyio parts, counted once
      warnings: 1,
      failed_requests: 2, // /courses/missing-course and /grade/140; the /health 500s are teachops' probes
      health_checks: 12,
    });
    expect(s.latest).toEqual([
      "KeyError: 'missing-course'  [course_api.py:47 in course]",
      expect.stringMatching(/"GET \/grade\/140 HTTP\/1.1" 500 Internal Server Error$/),
      'ERROR:    Exception in ASGI application',
      'ValueError: grade must be between 0 and 100, got 140  [course_api.py:53 in grade]',
      'ERROR:course_api:database connection lost: retrying in 5 s',
    ]);
    expect(s.latest.join('\n')).not.toContain('/health');
  });

  test('--errors: whole tracebacks and the failed requests, no health checks, no INFO line with "errors" in a path', () => {
    const out = errorLines(lines('uvicorn.log'), health);
    expect(out.filter((l) => l === 'Traceback (most recent call last):')).toHaveLength(6); // 2 reports x 3 chained parts
    expect(out).toContain("KeyError: 'missing-course'");
    expect(out).toContain('  File "/usr/lib/python3/dist-packages/starlette/middleware/exceptions.py", line 79, in __call__');
    expect(out.some((l) => l.includes('GET /health'))).toBe(false);
    expect(out.some((l) => l.includes('templates/errors/not_found.html'))).toBe(false);
    expect(out.some((l) => l.startsWith('[teachops '))).toBe(false);
  });

  test('the health probes are known by their User-Agent even where the path is not the health path', () => {
    const s = summarizeErrors(lines('uvicorn.log'));
    // Without the health path, uvicorn's own access lines of /health (no User-Agent in them) are plain requests;
    // its 500s then count as failed requests, the app's own access lines with ua=teachops-health/… still do not.
    expect(s.health_checks).toBe(6);
    expect(s.failed_requests).toBe(5);
  });
});

describe('the crashing Node service', () => {
  test('one stack trace, its TypeError where it was thrown, the [error] line; teachops own lines are not errors', async () => {
    const s = await scanLog(fixture('node.log'), 1000, [], { healthPaths: ['/health'] });
    expect(s).toMatchObject({ errors: 1, exceptions: 1, exception_types: { TypeError: 1 }, tracebacks: 1, failed_requests: 0 });
    expect(s.latest).toEqual([
      '[error] session lookup failed for alice: no session',
      "TypeError: Cannot read properties of undefined (reading 'name')  [crashing_api.mjs:16]",
    ]);
    const out = errorLines(lines('node.log'));
    expect(out[0]).toBe('[error] session lookup failed for alice: no session');
    expect(out).toContain('    at Server.emit (node:events:524:28)');
    expect(out.some((l) => l.startsWith('[teachops '))).toBe(false);
  });
});

describe('lines of other formats', () => {
  test.each([
    ['2024-05-01 10:00:00,123 ERROR [payments] charge failed', 'error'],
    ['2024-05-01 10:00:00,123 - app - WARNING - slow query', 'warning'],
    ['{"level":"error","msg":"upstream timeout"}', 'error'],
    ['{"level":50,"time":1,"msg":"db down"}', 'error'],
    ['{"level":30,"msg":"error budget report sent"}', 'plain'],
    ['level=warn msg="retrying"', 'warning'],
    ['WARNING:  Invalid HTTP request received.', 'warning'],
    ['INFO: rendered /srv/app/templates/errors/500.html', 'plain'],
    ['  File "/usr/lib/python3/dist-packages/starlette/middleware/exceptions.py", line 79, in __call__', 'plain'],
    ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'exception'],
    ['requests.exceptions.ConnectionError: HTTPSConnectionPool(host=dashscope.aliyuncs.com)', 'exception'],
    ['Error [ERR_MODULE_NOT_FOUND]: Cannot find module /srv/app/x.js', 'exception'],
    ['10.0.0.9 - - [01/May/2024:10:00:00 +0000] "GET /api/health HTTP/1.1" 503 0 "-" "teachops-health/0.1.0"', 'probe'],
    ['10.0.0.9 - - [01/May/2024:10:00:00 +0000] "POST /api/lessons HTTP/1.1" 502 0 "-" "Mozilla/5.0"', 'failed_request'],
    ['INFO:     127.0.0.1:5 - "GET /lessons HTTP/1.1" 404 Not Found', 'plain'],
    ['[teachops 2026-01-05T09:00:00.000Z] llm exited with code 1', 'plain'],
    ['llm: API key not set (DASHSCOPE_API_KEY, TONG_YI_API_KEY or OPENAI_API_KEY)', 'plain'],
    ['fatal: could not read Username', 'error'],
  ])('%s -> %s', (line, kind) => {
    expect(classifyLines([line])[0]!.kind).toBe(kind);
  });

  test('levels', () => {
    expect([levelOf('ERROR:    x'), levelOf('INFO:     x'), levelOf('[warn] x'), levelOf('x')]).toEqual(['error', 'info', 'warn', undefined]);
  });

  test('the exception types read as a list', () => {
    expect(exceptionTypesText({ ValueError: 1, KeyError: 2 })).toBe(' (KeyError ×2, ValueError)');
    expect(exceptionTypesText({})).toBe('');
  });
});
