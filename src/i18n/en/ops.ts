export const ops = {
  not_operator: 'Only operators can do that. Ask one of: {operators}.',
  no_operators: 'No operators are configured, so nobody can change services from Slack.',
  no_operators_hint: 'Add Slack user ids to access.operators in config/services.yaml (e.g. operators: [U0123ABCD]) and restart teachops.',
  channel_not_allowed: '/teach is not enabled in this channel. Use it in: {channels}.',
  not_requester: 'Only {requester}, who asked, or an operator can answer this question.',
};
