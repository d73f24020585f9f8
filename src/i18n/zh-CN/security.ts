import type { security as en } from '../en/security.js';

export const security: Record<keyof typeof en, string> = {
  store_corrupt: '状态数据库 {file} 已损坏：{problem}',
  store_corrupt_hint: '运行 `teach doctor` 查看问题，然后运行 `teach doctor --repair`：它会在原处保留损坏的文件，新建一个干净的数据库，并根据 pid 文件接管正在运行的服务。也可以用 `teach restore <归档>` 恢复。',
  doctor_store_ok: '{file} 通过完整性检查',
  doctor_store_bad: '{file} 已损坏：{problem}',
  doctor_store_missing: '{file} 尚不存在（第一次运行命令时创建）',
  repair_nothing: '状态数据库 {file} 通过完整性检查，无需修复。',
  repair_in_use: '状态数据库 {file} 正被其他进程打开（pid {pids}）；请先停止它（`teach run`：`systemctl stop teachops`）。',
  repair_in_use_hint: '修复会替换该文件；仍持有旧文件的进程会继续写入损坏的副本。',
  repair_done: '已将损坏的数据库保留为 {kept}；已在 {file} 新建干净的数据库。',
  repair_adopted: '已根据 pid 文件接管（期望状态：运行）：{services}。',
  repair_adopted_none: '没有正在运行的服务（无需接管）。',
  repair_lost: '随损坏文件丢失的内容：告警历史、审计日志、事件和发件队列；保留的副本仍可用 `sqlite3 {kept} .recover` 读取。',
  backup_state_corrupt: '状态数据库 {file} 未通过完整性检查（{problem}）；未将其归档，因此保留上一个完好的归档',
  doctor_links_ok: '{dir} 下没有符号链接或过宽的权限',
  doctor_link: '{path} 是符号链接（指向 {target}）；teachops 从不跟随它',
  doctor_link_hint: '删除它（`rm {path}`），让 teachops 创建普通文件；并检查是谁创建的。',
  doctor_loose: '{path} 的权限为 {mode}；应不超过 {expected}',
  doctor_loose_hint: '收紧权限：`chmod {expected} {path}`。',
  doctor_scan_capped: '只检查了 {dir} 下的前 {n} 个条目',
  cache_refused: '配置缓存目录 {dir} 不安全（{reason}）；不使用缓存加载配置',
};
