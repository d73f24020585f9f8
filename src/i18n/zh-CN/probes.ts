import type { probes as en } from '../en/probes.js';

export const probes: Record<keyof typeof en, string> = {
  health_expected: '期望 {expected}，实际 {status}',
  health_any_2xx: '2xx 状态码',
  health_timeout: '{ms} 毫秒内无响应',
};
