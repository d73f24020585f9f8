/**
 * The secret-shape table: each line carries one secret in a shape seen in real logs, and the secret text that must
 * never come out. Shared by the redactor's unit test and the end-to-end tests (logs, monitor, report, Slack, audit).
 */
export interface SecretCase {
  name: string;
  line: string;
  secret: string;
  /** what must stay readable around it */
  keeps?: string[];
}

export const SECRET_LINES: SecretCase[] = [
  { name: 'token=', line: 'INFO calling upstream with token=tok3nV4lue9911 ok', secret: 'tok3nV4lue9911', keeps: ['calling upstream', 'ok'] },
  { name: 'password=', line: 'ERROR db login failed password=hunter2hunter2 user=app', secret: 'hunter2hunter2', keeps: ['user=app'] },
  { name: 'JSON api_key', line: 'DEBUG config {"api_key": "AbC123xyz789secret", "model": "qwen"}', secret: 'AbC123xyz789secret', keeps: ['"model": "qwen"'] },
  { name: 'Authorization Basic', line: 'WARN retry with header Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==', secret: 'dXNlcjpwYXNzd29yZDEyMw==', keeps: ['Authorization: Basic'] },
  { name: 'Authorization Bearer', line: 'curl -H "Authorization: Bearer abcDEF123456ghiJKL" http://x', secret: 'abcDEF123456ghiJKL' },
  { name: 'URL userinfo', line: 'ERROR cannot connect to postgres://app:s3cretPassw0rd@db.internal:5432/app', secret: 's3cretPassw0rd', keeps: ['postgres://app:', '@db.internal:5432/app'] },
  { name: 'X-Api-Key', line: 'ERROR upstream 401 X-Api-Key: k3yValue556677 rejected', secret: 'k3yValue556677' },
  { name: 'passwd:', line: 'smtp passwd: Zx9Zx9Zx9Zx9', secret: 'Zx9Zx9Zx9Zx9' },
  { name: 'pwd=', line: 'mysql -u root pwd=Qq1Qq1Qq1Qq1', secret: 'Qq1Qq1Qq1Qq1' },
  { name: 'access_key', line: 'boto access_key=PlainAccessValue0 region=eu', secret: 'PlainAccessValue0', keeps: ['region=eu'] },
  { name: 'secret:', line: 'client_secret: "quotedSecret4455"', secret: 'quotedSecret4455' },
  { name: 'auth=', line: 'GET /hook?auth=hookAuth778899&x=1', secret: 'hookAuth778899', keeps: ['&x=1'] },
  { name: 'sk- key', line: 'ERROR provider call failed with key sk-proj4abcdefghijklmnop1234', secret: 'sk-proj4abcdefghijklmnop1234' },
  { name: 'Slack bot token', line: 'slack xoxb-1234567890-abcdefghij in use', secret: 'xoxb-1234567890-abcdefghij' },
  { name: 'Slack app token', line: 'app token xapp-1-A0123-4567-abcdef', secret: 'xapp-1-A0123-4567-abcdef' },
  { name: 'AWS key id', line: 'aws id AKIAIOSFODNN7EXAMPLE used', secret: 'AKIAIOSFODNN7EXAMPLE' },
  {
    name: 'JWT',
    line: 'session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl expired',
    secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl',
    keeps: ['expired'],
  },
  { name: 'pair inside another value', line: 'ValueError: DB_PASSWORD=nested0Secret9 is invalid', secret: 'nested0Secret9', keeps: ['is invalid'] },
  { name: 'camelCase apiKey', line: 'init({ apiKey: "camelKey998877" })', secret: 'camelKey998877' },
];

/** Lines that must come out unchanged: prose around secret words, identifiers, numbers, paths. */
export const PLAIN_LINES: string[] = [
  'llm needs DASHSCOPE_API_KEY: add it to /srv/app/llm.env (loaded from services.llm.env_file)',
  'set it or give a default like ${DASHSCOPE_API_KEY:-value}',
  'the monkey: eats bananas',
  'author: Alice wrote this',
  'keyboard layout: us',
  'GET /api/lessons 200 12ms',
  'bearer TEACHOPS_WEBHOOK_TOKEN must be sent',
  'Started uvicorn on http://127.0.0.1:8001',
  'skip-the-line sk-short',
  'The token is missing: add SLACK_BOT_TOKEN to .env',
  'unknown key "lgos_dir" (known keys: name, locale, logs_dir)',
  'llm 需要 DASHSCOPE_API_KEY：请把它加入 llm.env',
  'DASHSCOPE_API_KEY: 请添加到 .env',
  'password reset email sent to user 42',
  'https://example.com/path?page=2',
  "KeyError: 'missing-course'",
  'TokenExpiredError: jwt expired',
];
