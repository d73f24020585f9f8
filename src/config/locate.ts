/** Maps a path in the parsed YAML back to a line and column, so every problem points at the text to fix. */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './problems.js';

export interface Position {
  line: number;
  col: number;
}

function start(node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? range[0] : undefined;
}

function keyMatches(key: unknown, seg: PathSegment): boolean {
  return isScalar(key) ? String(key.value) === String(seg) : String(key) === String(seg);
}

/**
 * The offset of the node at `path` (its key with part 'key'). When the path leaves the document (a missing key),
 * the deepest node that exists is the best place to point at.
 */
export function offsetOf(doc: Document, path: readonly PathSegment[], part: 'key' | 'value' = 'value'): number {
  let node: unknown = doc.contents;
  let best = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyMatches(p.key, seg));
      if (!pair) return best;
      const keyAt = start(pair.key);
      if (last && part === 'key' && keyAt !== undefined) return keyAt;
      // An empty value (`key:`) has no range of its own worth pointing at; the key is where the user looks.
      best = start(pair.value) ?? keyAt ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      best = start(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

export function positionOf(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}
