/**
 * Notices: notifications about teachops itself rather than an alert or an incident (delivery to Slack resumed after
 * an outage ...), one subject so they stay in order. Text is `delivery.notice_<code>` in the catalogue.
 */
import type { OutboxEvent } from './types.js';

export const NOTICE_SUBJECT = 'notice';

export type NoticeCode = 'slack_resumed';

export type NoticeEvent = OutboxEvent<'notice', { code: NoticeCode; args: Record<string, string | number> }>;
