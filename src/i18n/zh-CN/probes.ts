import type { probes as en } from '../en/probes.js';

export const probes: Record<keyof typeof en, string> = {
  health_expected: '期望 {expected}，实际 {status}',
  health_any_2xx: '2xx 状态码',
  health_timeout: '{ms} 毫秒内无响应',
  log_counts: '最近 {scanned} 行：{errors} 行错误（ERROR 及以上级别）、{exceptions} 个异常{types}、{tracebacks} 个堆栈跟踪、{failed} 个失败请求（5xx）、{warnings} 条警告；已排除 {probes} 次健康检查',
  health_unreachable: '无响应：{error}',
};
