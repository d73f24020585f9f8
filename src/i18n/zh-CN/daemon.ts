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
  log_rotation_failed: '无法轮转 {file}：{message}',
  stop_during_startup: '启动过程中收到 {signal}：完成当前步骤后关闭',
  log_rotated_detail: '已轮转 {file}：{size} 移入 {generation}，用时 {duration}',
  log_rotated_burst: '{file} 在过去 {window} 内又轮转了 {count} 次（共 {size}）',
  log_dropped_uncompressed: '{file} 的压缩跟不上写入速度：为保留 log_rotation.keep（{keep}）个轮转文件，{count} 个未压缩的轮转文件已被删除',
  log_compress_failed: '无法压缩 {file}：{message}；该文件保持未压缩，{retry} 后重试',
  log_rotation_lost: '轮转 {file} 时，截断时读取的 {size} 无法写入 {generation}（{message}）',
  log_rotation_recovered: '发现 {file} 未完成的轮转：已将 {temp} 保留为最新的轮转文件',
  log_rotation_uncopied: '轮转 {file}：复制速度跟不上写入速度；{size} 未复制即被截断',
};
