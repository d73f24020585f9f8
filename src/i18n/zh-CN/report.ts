import type { report as en } from '../en/report.js';

export const report: Record<keyof typeof en, string> = {
  title: '{name}：监控报告',
  generated: '生成时间：{at}。',
  services: '服务',
  system: '系统资源',
  system_error: '无法读取系统资源：{error}',
  cpu: 'CPU：{cpu}%（各核心：{cores}）',
  memory: '内存：{pct}%（{used} / {total}）',
  disk: '{mount}：{pct}%（{used} / {size}）',
  connections: '各端口连接数',
  connection: '{service} :{port}：{n} 个已建立连接（监听：{listening}）',
  processes: '进程',
  logs: '日志摘要',
  log_counts: '{counts}',
};
