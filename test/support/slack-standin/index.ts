// Public surface of the Slack stand-in for tests and the benchmark.
export { SlackStandin, type WaitOptions } from './standin.js';
export { checkBlockKitLimits } from './blockkit.js';
export { slackSignature, encodeBody, type SignOptions, type SignedKind, type SignedResponse } from './signing.js';
export type { Ack, ClickOptions, Sent, SlashOptions, SubmitOptions } from './interactions.js';
export type { ElementMatcher } from './payloads.js';
export type { EnvelopeRecord } from './socket.js';
export type { ResponseRecord } from './response-url.js';
export type { DownMode } from './faults.js';
export type { Settings } from './web-api-env.js';
export type * from './types.js';
