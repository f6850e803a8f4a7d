/**
 * Small graph functions over named nodes and their `dependsOn` lists, shared by the planner and
 * the run state machine.
 */

/**
 * The nodes in an order where every node comes after its dependencies, keeping the given order
 * wherever the dependencies allow (repeatedly take the first node whose dependencies are placed).
 * Dependencies on names that are not nodes are ignored. Nodes on a cycle are left out.
 */
export function stableTopologicalOrder<T extends { name: string; dependsOn: ReadonlyArray<string> }>(
  nodes: ReadonlyArray<T>,
): T[] {
  const names = new Set(nodes.map((node) => node.name));
  const placed = new Set<string>();
  const rest = [...nodes];
  const out: T[] = [];
  let progress = true;
  while (rest.length > 0 && progress) {
    progress = false;
    const index = rest.findIndex((node) => node.dependsOn.every((dep) => !names.has(dep) || placed.has(dep)));
    if (index >= 0) {
      const [node] = rest.splice(index, 1);
      out.push(node!);
      placed.add(node!.name);
      progress = true;
    }
  }
  return out;
}

/**
 * Dependencies of the kept nodes once the others are removed: an edge through a removed node is
 * bridged to that node's own dependencies (a → removed → b becomes a → b), so leaving a step out
 * never lets its dependents start earlier than its dependencies allow.
 */
export function bridgeDependencies(
  dependsOn: ReadonlyMap<string, ReadonlyArray<string>>,
  kept: (name: string) => boolean,
): Map<string, string[]> {
  const resolved = new Map<string, string[]>();
  const through = (name: string, seen: Set<string>): string[] => {
    const out: string[] = [];
    for (const dep of dependsOn.get(name) ?? []) {
      if (kept(dep)) out.push(dep);
      else if (!seen.has(dep)) {
        seen.add(dep);
        out.push(...through(dep, seen));
      }
    }
    return out;
  };
  for (const name of dependsOn.keys()) {
    if (kept(name)) resolved.set(name, [...new Set(through(name, new Set([name])))]);
  }
  return resolved;
}
