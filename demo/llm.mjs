// Stand-in for the LLM service (port 8001): refuses to start without an API key, like the real one.
import { log, serve } from './lib.mjs';

const KEYS = ['DASHSCOPE_API_KEY', 'TONG_YI_API_KEY', 'OPENAI_API_KEY'];
if (!KEYS.some((k) => process.env[k])) {
  log('llm', 'API key not set (DASHSCOPE_API_KEY, TONG_YI_API_KEY or OPENAI_API_KEY)');
  process.exit(1);
}
serve({ service: 'llm', info: { provider: process.env.LLM_PROVIDER ?? 'tongyi' } });
