/** A zh-CN config gets its lifecycle errors in Chinese from a real start; the default stays English. */
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { TeachopsError } from '../../src/errors.js';
import { MissingEnvError, PortInUseError, UnknownServiceError } from '../../src/supervisor/index.js';
import { demoCommand, freePort } from '../support/temp-project.js';
import { by, harness } from './helpers.js';

const zh = { locale: 'zh-CN' };

describe('lifecycle errors in the configured locale', () => {
  it('names the missing variables in Chinese, with a Chinese hint', async () => {
    const h = harness({ raw: zh, services: { llm: { command: demoCommand('llm'), required_env: ['DASHSCOPE_API_KEY'] } } });
    const [r] = await h.sup.start('llm', by(h));
    expect(r!.error).toBeInstanceOf(MissingEnvError);
    expect(r!.error!.message).toBe('llm 需要 DASHSCOPE_API_KEY：请在 services.llm.env 中设置，或添加包含它的 env_file');
    expect((r!.error as TeachopsError).hint).toBe('密钥只应放在 env 文件中，不要写进配置或消息；然后重新启动 llm');
    // the line teachops writes into the service log speaks the same language
    expect(h.logOf('llm')).toContain('llm 启动失败：llm 需要 DASHSCOPE_API_KEY');
  });

  it('names the pid holding the port in Chinese', async () => {
    const port = await freePort();
    const holder = spawn(process.execPath, ['-e', `require('http').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await new Promise((res) => holder.stdout!.once('data', res));
    const h = harness({ raw: zh, services: { backend: { command: demoCommand('backend'), port, env: { PORT: String(port) } } } });
    const [r] = await h.sup.start('backend', by(h));
    expect(r!.error).toBeInstanceOf(PortInUseError);
    expect(r!.error!.message).toMatch(new RegExp(`^端口 ${port} 已被 PID ${holder.pid}（.+）占用$`));
    expect((r!.error as TeachopsError).hint).toBe(`停止该进程（kill ${holder.pid}）或修改 services.backend.port`);
  });

  it('answers an unknown service name in Chinese', async () => {
    const h = harness({ raw: zh, services: { llm: { command: demoCommand('llm') } } });
    await expect(h.sup.start('lm', by(h))).rejects.toThrow(UnknownServiceError);
    await expect(h.sup.start('lm', by(h))).rejects.toThrow('未知服务 "lm"。可用服务：llm, all。 您是指 "llm" 吗？');
  });

  it('keeps English for the default locale', async () => {
    const h = harness({ services: { llm: { command: demoCommand('llm'), required_env: ['DASHSCOPE_API_KEY'] } } });
    const [r] = await h.sup.start('llm', by(h));
    expect(r!.error!.message).toBe('llm needs DASHSCOPE_API_KEY: set it in services.llm.env, or add an env_file that holds it');
  });
});
