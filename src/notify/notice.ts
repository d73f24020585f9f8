/**
 * Notices: notifications about teachops itself rather than an alert or an incident (delivery to Slack resumed after
 * an outage, a restart from the host ...), one subject so they stay in order. Text is `delivery.notice_<code>` in
 * the catalogue; an `at_ms` argument is a time, shown the destination's way.
 */
import type { OutboxEvent } from './types.js';

export const NOTICE_SUBJECT = 'notice';

export type NoticeCode = 'slack_resumed' | 'host_start' | 'host_stop' | 'host_restart' | 'host_failed';

export type NoticeEvent = OutboxEvent<'notice', { code: NoticeCode; args: Record<string, string | number> }>;
