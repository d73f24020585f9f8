import type { lifecycle as en } from '../en/lifecycle.js';

export const lifecycle: Record<keyof typeof en, string> = {
  ev_orphans: '{service}：主进程已不存在；正在停止它遗留的 {count} 个进程（PID {pids}）',
  ev_refused: '{reason}',
  on_fallback: '{service} 正在使用备用方案（{overrides}），在有人切换回来之前会一直保持',
  stays_stopped: '{service} 保持停止：{by} 于 {at} 停止了它；用 teach start {service} 重新启动',
  kept_fallback: '{service} 正在使用备用方案，在有人切换回来之前会一直保持（运行手册：切换回来）',
  restore_interrupted: '恢复在 "{step}" 步骤被 {signal} 中断：已写入的内容已还原，之前在运行的服务已重新启动',
  restore_interrupted_hint: '用 teach status 检查；准备好后再重新执行恢复',
  restore_interrupting: '收到 {signal}：恢复将在当前步骤完成后停止，还原已写入的内容并启动之前在运行的服务（请稍候）',
  restore_still_rolling_back: '仍在回滚；即使现在结束此进程，teachops 也会把服务恢复运行',
  op_holder_died: '"{purpose}"（PID {pid}）未完成就结束了（被杀死？）；正在重新启动它开始前在运行的服务：{services}',
  op_recovered: '"{purpose}"（PID {pid}）被中断；已重新启动：{started}；无法启动：{failed}',
  left_by_operation: '被未完成就结束的 "{purpose}"（PID {pid}）留在停止状态：teach run 会重新启动它，或运行 teach start {service}',
  port_var_hint: '端口来自 ${{var}}：在 {file}（或环境变量）中把 {var} 设为一个空闲端口。',
};
