import { layerSteps } from '../apps/runs/run-layout.js';

/** A step of a workflow document (the `spec.workflow.steps` shape, plus free properties). */
export interface WorkflowStepDoc {
  name: string;
  type: string;
  dependsOn?: string[];
  properties?: Record<string, unknown>;
  [field: string]: unknown;
}

/** What the editor keeps per node. */
export interface StepNodeData extends Record<string, unknown> {
  name: string;
  type: string;
  properties: Record<string, unknown>;
}

/** Editor graph in @xyflow/react's shape. */
export interface WorkflowGraph {
  nodes: Array<{ id: string; type: 'step'; position: { x: number; y: number }; data: StepNodeData }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

/** The workflow document of the graph: steps in node order, dependencies from the edges. */
export function workflowFromGraph(graph: WorkflowGraph): { steps: WorkflowStepDoc[] } {
  const nameOf = new Map(graph.nodes.map((n) => [n.id, n.data.name]));
  return {
    steps: graph.nodes.map((n) => {
      const dependsOn = graph.edges.filter((e) => e.target === n.id).map((e) => nameOf.get(e.source)!).filter(Boolean);
      const step: WorkflowStepDoc = { name: n.data.name, type: n.data.type };
      if (dependsOn.length > 0) step.dependsOn = dependsOn;
      if (Object.keys(n.data.properties).length > 0) step.properties = n.data.properties;
      return step;
    }),
  };
}

/** The graph of a workflow document, laid out in layers by dependency depth. */
export function graphFromWorkflow(doc: unknown): WorkflowGraph {
  const raw = (doc as { steps?: unknown; workflow?: { steps?: unknown } } | null) ?? {};
  const list = Array.isArray(raw.steps) ? raw.steps : Array.isArray(raw.workflow?.steps) ? raw.workflow.steps : undefined;
  if (!list) throw new Error('expected a JSON object with "steps": [...]');
  const steps = list.map((s: unknown, i: number) => {
    const step = s as WorkflowStepDoc;
    if (typeof step?.name !== 'string' || typeof step?.type !== 'string') throw new Error(`steps[${i}] needs a "name" and a "type"`);
    const { name, type, dependsOn, properties, ...rest } = step;
    return { name, type, dependsOn: Array.isArray(dependsOn) ? dependsOn.map(String) : [], properties: { ...rest, ...(properties ?? {}) } };
  });
  const layout = layerSteps(steps);
  const names = new Set(steps.map((s) => s.name));
  return {
    nodes: steps.map((s) => {
      const at = layout.get(s.name)!;
      return { id: s.name, type: 'step' as const, position: { x: at.column * 240, y: at.row * 110 }, data: { name: s.name, type: s.type, properties: s.properties } };
    }),
    edges: steps.flatMap((s) => s.dependsOn.filter((d) => names.has(d)).map((d) => ({ id: `${d}->${s.name}`, source: d, target: s.name }))),
  };
}
