import type { doctor as en } from '../en/doctor.js';

export const doctor: Record<keyof typeof en, string> = {
  node_ok: 'Node.js {version}',
  node_old: 'Node.js {version} 低于要求的 {min}',
  node_hint: '请安装 Node.js 20.11 或更高版本',
  config_ok: '{file}：{n} 个服务',
  service_running: '{service} 正在运行（pid {pid}），占用其端口 {port}',
  service_ready: '{service} 可以启动：端口空闲，工作目录、命令和环境变量齐全',
  logs_ok: '{dir} 可写',
  logs_fail: '无法写入 {dir}：{error}',
  logs_hint: '请创建该目录或修复权限，或在 services.yaml 中设置 logs_dir',
  nofile_unknown: '无法读取文件描述符限制',
  nofile_ok: '文件描述符限制 {n}',
  nofile_low: '文件描述符限制 {n} 低于建议值 {rec}',
  nofile_hint: '使用 `ulimit -n {rec}` 提高限制（或在 systemd 单元中设置 LimitNOFILE=）',
};
