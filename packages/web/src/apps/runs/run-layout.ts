import type { StepView } from '../../api/types.js';

/**
 * Layers a workflow DAG: each step's column is one more than its deepest dependency; rows keep
 * the steps' order. Unknown dependencies are ignored; a cycle falls back to column 0.
 */
export function layerSteps(steps: readonly Pick<StepView, 'name' | 'dependsOn'>[]): Map<string, { column: number; row: number }> {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const step = byName.get(name);
    const deps = (step?.dependsOn ?? []).filter((d) => byName.has(d));
    const d = deps.length === 0 ? 0 : Math.max(...deps.map(depthOf)) + 1;
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  const rows = new Map<number, number>();
  const out = new Map<string, { column: number; row: number }>();
  for (const step of steps) {
    const column = depthOf(step.name);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    out.set(step.name, { column, row });
  }
  return out;
}
