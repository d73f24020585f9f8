// Stand-in for the FastAPI backend (port 8000 in the real stack).
import { serve } from './lib.mjs';

serve({ service: 'backend', info: { llm_url: process.env.LLM_URL ?? null } });
