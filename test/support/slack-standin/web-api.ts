// The Web API endpoint: /api/<method>. Checks the token the way Slack does, applies injected failures,
// dispatches through a method table, and records every call.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerApplied, answerInjected, isApplied, type Faults } from './faults.js';
import { parseArgs, readBody, sendJson, tokenOf } from './http-io.js';
import type { ApiCall, Json } from './types.js';
import { chatMethods } from './web-api-chat.js';
import { fail, type ApiEnv, type MethodSpec } from './web-api-env.js';
import { fileMethods } from './web-api-files.js';
import { miscMethods } from './web-api-misc.js';
import { viewMethods } from './web-api-views.js';

const METHODS: Record<string, MethodSpec> = { ...chatMethods, ...miscMethods, ...viewMethods, ...fileMethods };

function authError(env: ApiEnv, kind: 'bot' | 'app', token: string | undefined): string | undefined {
  const { botToken, appToken } = env.settings;
  if (token === undefined || token === '') return 'not_authed';
  const expected = kind === 'bot' ? botToken : appToken;
  if (token === expected) return undefined;
  // A valid token of the other kind is refused with its own error, as Slack does.
  if (token === botToken || token === appToken) return 'not_allowed_token_type';
  return 'invalid_auth';
}

export async function handleApiRequest(
  env: ApiEnv,
  faults: Faults,
  calls: ApiCall[],
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  const record = (args: Json, token: string | undefined, status: number, body: Json, injected = false): void => {
    const error = typeof body.error === 'string' ? body.error : undefined;
    calls.push({ method, args, token, at: Date.now(), status, ok: body.ok === true, error, injected });
    env.store.changed();
  };
  if (faults.down !== undefined) {
    // Status 0: the connection was reset, no HTTP answer at all.
    record({}, undefined, faults.down === 'reset' ? 0 : 503, { ok: false, error: 'service_unavailable' }, true);
    return faults.answerDown(res);
  }
  let args: Json;
  try {
    args = await parseArgs(req, await readBody(req));
  } catch (e) {
    const body = fail('invalid_form_data', [`[ERROR] ${e instanceof Error ? e.message : String(e)}`]);
    record({}, undefined, 200, body);
    return sendJson(res, 200, body);
  }
  const token = tokenOf(req, args);
  delete args.token;
  const injected = faults.take(method);
  if (injected !== undefined && !isApplied(injected)) {
    const { status, error } = answerInjected(res, injected);
    return record(args, token, status, { ok: false, error }, true);
  }
  const spec = METHODS[method];
  let body: Json;
  if (spec === undefined) body = fail('unknown_method');
  else {
    const authErr = authError(env, spec.token, token) ?? refusedToken(faults, spec.token, method);
    body = authErr !== undefined ? (typeof authErr === 'string' ? fail(authErr) : authErr) : await spec.handle({ method, args, env });
  }
  if (injected !== undefined) {
    // Applied: the workspace has it; what the caller gets is the fault (status 0 = no answer in time).
    record(args, token, 0, body, true);
    return answerApplied(res, injected, body);
  }
  record(args, token, 200, body);
  sendJson(res, 200, body);
}

/** The bot token while Slack refuses it (revoked, account disabled, a scope missing for this method). */
function refusedToken(faults: Faults, kind: 'bot' | 'app', method: string): Json | undefined {
  const r = faults.botToken;
  if (kind !== 'bot' || r === undefined) return undefined;
  if (r.methods !== undefined && !r.methods.includes(method)) return undefined;
  return r.needed !== undefined ? { ok: false, error: r.error, needed: r.needed, provided: 'chat:write' } : fail(r.error);
}
