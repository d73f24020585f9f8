/**
 * The environment over a dotenv file's variables (the environment wins, as with docker compose). Its own module so the
 * config cache on the `teach status` path can use it without loading yaml (src/config/env-file.ts needs yaml).
 */
import { parse } from 'dotenv';

export function mergeDotenv(text: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...parse(text) };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}
