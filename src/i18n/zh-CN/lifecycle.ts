import type { lifecycle as en } from '../en/lifecycle.js';

export const lifecycle: Record<keyof typeof en, string> = {
  ev_orphans: '{service}：主进程已不存在；正在停止它遗留的 {count} 个进程（PID {pids}）',
  ev_refused: '{reason}',
  on_fallback: '{service} 正在使用备用方案（{overrides}），在有人切换回来之前会一直保持',
};
