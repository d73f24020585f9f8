/** Where the generated config reference lives: between markers in README.md, or docs/config-reference.md. */
import { configReferenceTable } from './docs.js';

export const MARKER_START = '<!-- config-reference:start -->';
export const MARKER_END = '<!-- config-reference:end -->';
/** The runbook.yaml reference, generated from src/incidents/runbook-schema.ts the same way. */
export const RUNBOOK_MARKERS = { start: '<!-- runbook-reference:start -->', end: '<!-- runbook-reference:end -->' };
const CONFIG_MARKERS = { start: MARKER_START, end: MARKER_END };
export const REFERENCE_DOC = 'docs/config-reference.md';
export const REFERENCE_YAML = 'config/services.reference.yaml';

/** The text between the markers, or undefined when the file has none. */
export function betweenMarkers(text: string, markers = CONFIG_MARKERS): string | undefined {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start + markers.start.length, end).replace(/^\n/, '');
}

/** README with the table between the markers; the markers are appended when missing. */
export function spliceReadme(readme: string, table: string = configReferenceTable(), markers = CONFIG_MARKERS): string {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start === -1 || end === -1 || end < start) {
    return `${readme.replace(/\n*$/, '\n')}\n${markers.start}\n${table}${markers.end}\n`;
  }
  return `${readme.slice(0, start + markers.start.length)}\n${table}${readme.slice(end)}`;
}

export function referenceDoc(table: string = configReferenceTable()): string {
  return [
    '# services.yaml reference',
    '',
    'Generated from `src/config/schema.ts` by `npm run docs`; do not edit by hand.',
    'A commented example with every key is in `config/services.reference.yaml`.',
    '',
    MARKER_START,
    table + MARKER_END,
    '',
  ].join('\n');
}
