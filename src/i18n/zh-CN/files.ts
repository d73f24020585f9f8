import type { files as en } from '../en/files.js';

export const files: Record<keyof typeof en, string> = {
  unsafe_symlink: '{path} 是符号链接；teachops 不会通过其目录下的链接读取、写入或截断任何文件。',
  unsafe_symlink_hint: '删除该链接（`rm {path}`），由 teachops 创建普通文件；并检查是谁创建了它。',
  unsafe_not_regular: '{path} 不是普通文件（FIFO、套接字或设备）。',
  unsafe_not_regular_hint: '删除它（`rm {path}`），teachops 会创建所需的文件。',
  unsafe_not_directory: '{path} 应该是目录，但不是。',
  unsafe_not_directory_hint: '将其移走（`mv {path} {path}.old`），teachops 会创建该目录。',
  unsafe_foreign_owner: '{path} 属于其他用户；teachops 不会向其中写入。',
  unsafe_foreign_owner_hint: '将其交给运行 teachops 的用户（`chown`），或删除后由 teachops 创建。',
  unsafe_loose_mode: '{path} 可被其他用户写入。',
  unsafe_loose_mode_hint: '收紧权限：`chmod go-w {path}`。',
  log_unreadable: '已跳过 {path}：无法读取（{message}）',
  service_log_symlink: '{service} 无法启动：其日志 {path} 是符号链接（指向 {target}）；teachops 从不通过链接写入服务输出，链接目标未被改动。',
  service_log_symlink_hint: '删除该链接（`rm {path}`）后重新启动：teachops 会创建普通日志文件（权限 0640）。如需把日志放在其他磁盘，请将 logs_dir 指向那里，而不是链接单个文件。',
  service_log_not_regular: '{service} 无法启动：其日志 {path} 不是普通文件（FIFO、套接字、设备或目录）。',
  service_log_not_regular_hint: '将其移走（`mv {path} {path}.old`）后重新启动：teachops 会创建普通日志文件（权限 0640）。',
};
