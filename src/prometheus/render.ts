/** A rule file as YAML, with a header saying where it came from. */
import { stringify } from 'yaml';
import type { RuleFile } from './rules.js';

export function renderRuleFile(file: RuleFile, header: string): string {
  // lineWidth 0: PromQL and annotations stay on one line each, as people read and diff them.
  return `# ${header}\n${stringify(file, { lineWidth: 0 })}`;
}
