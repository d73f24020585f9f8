/** Where the generated config reference lives: between markers in README.md, or docs/config-reference.md. */
import { configReferenceTable } from './docs.js';

export const MARKER_START = '<!-- config-reference:start -->';
export const MARKER_END = '<!-- config-reference:end -->';
export const REFERENCE_DOC = 'docs/config-reference.md';
export const REFERENCE_YAML = 'config/services.reference.yaml';

/** The text between the markers, or undefined when the file has none. */
export function betweenMarkers(text: string): string | undefined {
  const start = text.indexOf(MARKER_START);
  const end = text.indexOf(MARKER_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start + MARKER_START.length, end).replace(/^\n/, '');
}

/** README with the table between the markers; the markers are appended when missing. */
export function spliceReadme(readme: string, table: string = configReferenceTable()): string {
  const start = readme.indexOf(MARKER_START);
  const end = readme.indexOf(MARKER_END);
  if (start === -1 || end === -1 || end < start) {
    return `${readme.replace(/\n*$/, '\n')}\n${MARKER_START}\n${table}${MARKER_END}\n`;
  }
  return `${readme.slice(0, start + MARKER_START.length)}\n${table}${readme.slice(end)}`;
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
