/**
 * The LLM fallback in its main use case: the Tongyi key is gone, so the runbook switches to OpenAI, which needs its
 * own key only. The fallback stays in force across plain restarts until someone switches back, and every restart
 * checks the profile it would start before it stops anything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCommand } from '../support/temp-project.js';
import { by, getJson, harness, httpService } from './helpers.js';

async function llmWithFallback() {
  const llm = await httpService(demoCommand('llm'), {
    env_file: 'tongyi.env',
    required_env: ['DASHSCOPE_API_KEY'],
    env: { LLM_PROVIDER: 'tongyi' },
    fallback: { env: { LLM_PROVIDER: 'openai' }, env_file: 'openai.env', required_env: ['OPENAI_API_KEY'] },
  });
  const h = harness({
    services: { llm: llm.def },
    files: { 'tongyi.env': 'DASHSCOPE_API_KEY=sk-dashscope-test-123456\n', 'openai.env': 'OPENAI_API_KEY=sk-openai-test-123456\n' },
  });
  const provider = async () => (await getJson(`http://127.0.0.1:${llm.port}/health`)).provider;
  return { h, llm, provider };
}

describe('the fallback with its own required_env and env_file', () => {
  it('starts without the Tongyi key, stays on across plain restarts, and switching back checks the normal profile first', async () => {
    const { h, provider } = await llmWithFallback();
    const [started] = await h.sup.start('llm', by(h));
    expect(started).toMatchObject({ ok: true });
    expect(await provider()).toBe('tongyi');

    // The Tongyi key is revoked: the runbook switches to the fallback, which does not need it.
    writeFileSync(join(h.dir, 'tongyi.env'), '');
    const [onFallback] = await h.sup.restart('llm', { ...by(h), fallback: true });
    expect(onFallback).toMatchObject({ ok: true, fallback: true });
    expect(await provider()).toBe('openai');
    expect(h.sup.runtime('llm')[0]).toMatchObject({ state: 'running', fallback: true, overrides: { LLM_PROVIDER: 'openai' } });

    const [plain] = await h.sup.restart('llm', by(h));
    expect(plain).toMatchObject({ ok: true, fallback: true });
    expect(plain!.pid).not.toBe(onFallback!.pid);
    expect(await provider()).toBe('openai');

    // Switching back would need the Tongyi key again: refused, still on the fallback, same pid.
    const [back] = await h.sup.restart('llm', { ...by(h), fallback: false });
    expect(back).toMatchObject({ ok: false, error: { code: 'restart_refused' } });
    expect(back!.error!.message).toMatch(/llm needs DASHSCOPE_API_KEY/);
    expect(h.sup.runtime('llm')[0]).toMatchObject({ state: 'running', pid: plain!.pid, fallback: true });

    writeFileSync(join(h.dir, 'tongyi.env'), 'DASHSCOPE_API_KEY=sk-dashscope-test-123456\n');
    const [normal] = await h.sup.restart('llm', { ...by(h), fallback: false });
    expect(normal).toMatchObject({ ok: true });
    expect(await provider()).toBe('tongyi');
    expect(h.sup.runtime('llm')[0]!.fallback).toBeUndefined();
  });

  it('a switch to a fallback whose own key is missing is refused and the service keeps running', async () => {
    const { h, provider } = await llmWithFallback();
    const [started] = await h.sup.start('llm', by(h));
    writeFileSync(join(h.dir, 'openai.env'), '');
    const [r] = await h.sup.restart('llm', { ...by(h), fallback: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'restart_refused' } });
    expect(r!.error!.message).toMatch(/llm needs OPENAI_API_KEY: add it to \S*openai\.env/);
    expect(h.sup.runtime('llm')[0]).toMatchObject({ state: 'running', pid: started!.pid });
    expect(await provider()).toBe('tongyi');
  });
});
