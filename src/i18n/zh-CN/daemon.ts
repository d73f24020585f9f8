import type { daemon as en } from '../en/daemon.js';

export const daemon: Record<keyof typeof en, string> = {
  starting: '{name} 的 teachops 正在启动（pid {pid}，配置 {config}）',
  adopted: '已接管 {service}（pid {pid}），该服务已在运行',
  ready: '就绪：正在监视服务（按 Ctrl-C 退出；服务会继续运行）',
  stopping: '收到 {signal}：正在完成进行中的工作并关闭',
  services_keep_running: 'teachops 已停止。服务仍在运行；`teach status` 查看状态，`teach stop all` 停止全部服务。',
  state_changed: '{service} 当前状态：{state}（pid {pid}）',
  exited: '{service}（pid {pid}）意外退出（{code}）',
  already_running: 'teach run 已在运行（pid {pid}），日志目录 {logs}',
  already_running_hint: '请先停止它（kill -TERM {pid}）或使用其他 logs_dir',
  backup_ok: '备份已写入：{archive}',
  backup_failed: '备份失败：{message}',
  log_rotated: '已轮转 {file}',
  log_rotation_failed: '无法轮转 {file}：{message}',
  stop_during_startup: '启动过程中收到 {signal}：完成当前步骤后关闭',
  background_error: '后台任务失败（守护进程继续运行）：{error}',
  unhandled_rejection: '程序缺陷：未处理的 Promise 拒绝（teach run 继续监管；请报告此问题）：{error}',
  uncaught_exception: '程序缺陷：未捕获的异常，正在退出以便服务管理器重新启动 teach run（各服务继续运行）：{error}',
  draining: '等待 {n} 个进行中的操作完成（重启、Slack 命令、应急步骤）',
  drain_timeout: '等待进行中的操作 {seconds} 秒后放弃；下一次 teach run 会接管这些服务',
};
