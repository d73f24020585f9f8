import type { ops as en } from '../en/ops.js';

export const ops: Record<keyof typeof en, string> = {
  not_operator: '只有运维人员可以执行此操作。请联系：{operators}。',
  no_operators: '尚未配置运维人员，因此任何人都不能从 Slack 更改服务。',
  no_operators_hint: '在 config/services.yaml 的 access.operators 中添加 Slack 用户 ID（例如 operators: [U0123ABCD]），然后重启 teachops。',
  channel_not_allowed: '此频道未启用 /teach。请在以下频道使用：{channels}。',
  not_requester: '只有发起请求的 {requester} 或运维人员可以回应此确认。',
};
