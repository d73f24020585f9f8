/** The service dependency graph: start order and cycles. Names not in the graph are ignored here (rules report them). */

export type Graph = ReadonlyMap<string, readonly string[]>;

/**
 * Each cycle once, starting at its member that comes first in the file, e.g. [frontend, backend, frontend].
 */
export function findCycles(graph: Graph): string[][] {
  const order = [...graph.keys()];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    for (const dep of graph.get(name) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') {
        const loop = stack.slice(stack.indexOf(dep));
        const first = loop.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
        const rotated = [...loop.slice(loop.indexOf(first)), ...loop.slice(0, loop.indexOf(first))];
        const id = rotated.join(' ');
        if (!seen.has(id)) {
          seen.add(id);
          cycles.push([...rotated, first]);
        }
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of order) if (!state.has(name)) visit(name);
  return cycles;
}

/**
 * Dependencies first; otherwise the order of the file (a stable topological sort), so the user's order is kept
 * wherever the graph leaves a choice. Assumes no cycles (they are config errors).
 */
export function startOrder(graph: Graph): string[] {
  const remaining = [...graph.keys()];
  const placed = new Set<string>();
  const result: string[] = [];
  while (remaining.length > 0) {
    const i = remaining.findIndex((n) => (graph.get(n) ?? []).every((d) => placed.has(d) || !graph.has(d)));
    // A cycle slipped through: keep the file order rather than loop forever.
    const next = remaining.splice(i === -1 ? 0 : i, 1)[0]!;
    placed.add(next);
    result.push(next);
  }
  return result;
}
