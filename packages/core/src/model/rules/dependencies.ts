import type { Finding } from '../finding.js';
import type { DocumentPath } from '../parse.js';
import { suggestOrList } from '../suggest.js';
import { finding, stringsOf, type RawItem, type Rule } from './view.js';

/**
 * The cycles of a directed graph given as `node → targets`, each as a list of nodes that starts
 * and ends with the same node (`['a', 'b', 'a']`). Each cycle is reported once, starting from its
 * node that comes first in `nodes`.
 */
export function findCycles(
  nodes: ReadonlyArray<string>,
  edges: ReadonlyMap<string, ReadonlyArray<string>>,
): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const seen = new Set<string>();
  // Iterative depth-first search: a long dependsOn chain must not overflow the call stack.
  for (const root of nodes) {
    if (state.has(root)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next >= targets.length) {
        state.set(frame.node, 'done');
        stack.pop();
        continue;
      }
      const target = targets[frame.next++]!;
      if (!edges.has(target) || target === frame.node) continue;
      const mark = state.get(target);
      if (mark === 'active') {
        const from = stack.findIndex((entry) => entry.node === target);
        const cycle = [...stack.slice(from).map((entry) => entry.node), target];
        const key = cycle.slice(0, -1).sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (mark === undefined) {
        state.set(target, 'active');
        stack.push({ node: target, next: 0 });
      }
    }
  }
  return cycles;
}

/**
 * Check the `dependsOn` lists of named items (components or workflow steps): every target exists,
 * none is the item itself, and the dependencies form no cycle.
 */
export function checkDependsOn(items: ReadonlyArray<RawItem>, what: 'component' | 'step'): Finding[] {
  const findings: Finding[] = [];
  const names = items.flatMap((item) => (item.name === undefined ? [] : [item.name]));
  const known = new Set(names);
  const edges = new Map<string, string[]>();
  const firstPath = new Map<string, DocumentPath>();
  for (const item of items) {
    const targets: string[] = [];
    for (const { index, value } of stringsOf(item.value.dependsOn)) {
      const path = [...item.path, 'dependsOn', index];
      if (value === item.name) {
        findings.push(
          finding(
            path,
            'depends-on-self',
            `${what} \`${value}\` cannot depend on itself; remove it from dependsOn`,
          ),
        );
      } else if (!known.has(value)) {
        findings.push(
          finding(
            path,
            'unknown-dependency',
            `no ${what} named \`${value}\`${suggestOrList(value, names, `${what}s`)}`,
          ),
        );
      } else {
        targets.push(value);
      }
    }
    if (item.name !== undefined && !edges.has(item.name)) {
      edges.set(item.name, targets);
      firstPath.set(item.name, [...item.path, 'dependsOn']);
    }
  }
  for (const cycle of findCycles(names, edges)) {
    const path = firstPath.get(cycle[0]!) ?? [];
    findings.push(
      finding(
        path,
        'dependency-cycle',
        `${what}s depend on each other in a cycle: ${cycle.join(' → ')}; remove one of these dependsOn entries`,
      ),
    );
  }
  return findings;
}

/** Components' `dependsOn` name existing components, not themselves, without cycles. */
export const componentDependencyRule: Rule = {
  id: 'component-dependencies',
  description: 'A component’s dependsOn names other existing components and the dependencies form no cycle.',
  check: (app) => checkDependsOn(app.components, 'component'),
};
