import type { common as en } from '../en/common.js';

export const common: Record<keyof typeof en, string> = {
  state_running: '运行中',
  state_stopped: '已停止',
  state_crashed: '已崩溃',
  state_starting: '启动中',
  state_stopping: '停止中',
  state_unhealthy: '不健康',
  state_fatal: '致命（崩溃循环）',
  state_stale: '过期的 PID 文件',
  unknown_service: '未知服务 "{name}"。可用服务：{valid}。',
  did_you_mean: '您是指 "{suggestion}" 吗？',
  yes: '是',
  no: '否',
  none: '无',
  state_orphaned: '孤儿进程（主进程已退出，工作进程残留）',
};
