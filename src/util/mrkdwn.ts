/**
 * Slack mrkdwn escaping, in one place so the layers that build text for Slack (views, and errors that name people)
 * escape alike. Only `&`, `<` and `>` meant as text are escaped; markup (`<@U0123>`, `<#C0123>`, `<!date^…>`) is
 * inserted unescaped by whoever builds it, or it would show as text and ping nobody (SLACK.md).
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
