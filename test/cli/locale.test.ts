/** The built `teach` CLI speaks the configured locale: table headers, lifecycle failures and their hints. */
import { describe, expect, it } from 'vitest';
import { demoProject, teach } from './helpers.js';

describe('teach CLI with locale: zh-CN', () => {
  it('prints the status table, start failures and their fixes in Chinese', async () => {
    // llm's env file exists but holds no key: start must refuse, naming the variable and the file.
    const p = await demoProject({ raw: { locale: 'zh-CN' }, files: { 'llm.env': '# no key yet\n' } });

    const status = teach(p, ['status']);
    expect(status.code, status.stderr).toBe(0);
    const [header] = status.stdout.split('\n');
    expect(header).toMatch(/^服务\s+状态\s+PID\s+运行时长\s+CPU\s+内存\s+健康检查\s+端口\s+连接数\s+重启次数$/);
    expect(status.stdout).toMatch(/llm\s+已停止/);

    const start = teach(p, ['start', 'llm']);
    expect(start.code).toBe(1);
    const out = start.stdout + start.stderr;
    expect(out).toContain(`✘ llm 启动失败：llm 需要 DASHSCOPE_API_KEY：请将其加入 ${p.dir}/llm.env（由 services.llm.env_file 加载）`);
    expect(out).toContain('解决方法：密钥只应放在 env 文件中，不要写进配置或消息；然后重新启动 llm');
    expect(out).not.toMatch(/needs|cannot start|Fix:/);

    const unknown = teach(p, ['start', 'lm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知服务 "lm"。可用服务：backend, llm, frontend, all。');
  });
});
