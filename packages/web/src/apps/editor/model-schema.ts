import { applicationJsonSchema } from '@berth/core';
import type { SchemaNode } from '../../workflow/SchemaForm.js';

/** The parts of the application model's JSON Schema the wizard generates its forms from. */
export interface ModelSchemas {
  /** `spec.components[]`. */
  component: SchemaNode;
  /** `spec.components[].traits`: one property per trait of the model's trait table. */
  traits: SchemaNode;
  /** The trait names, in the model's order. */
  traitNames: string[];
  /** `spec.policies`. */
  policies: SchemaNode;
  /** `spec.environments[]`. */
  environment: SchemaNode;
  /** `spec.environments[].gitops`. */
  gitops: SchemaNode;
  /** `spec.environments[].overrides`. */
  overrides: SchemaNode;
}

let cached: ModelSchemas | undefined;

const at = (schema: SchemaNode | undefined, ...keys: string[]): SchemaNode => {
  let node = schema;
  for (const key of keys) node = key === '[]' ? node?.items : node?.properties?.[key];
  return node ?? {};
};

/** The model's schemas, from `@berth/core`'s JSON Schema (the one editors use), built once. */
export function modelSchemas(): ModelSchemas {
  if (cached) return cached;
  const root = applicationJsonSchema() as SchemaNode;
  const component = at(root, 'spec', 'components', '[]');
  const traits = at(component, 'traits');
  const environment = at(root, 'spec', 'environments', '[]');
  cached = {
    component,
    traits,
    traitNames: Object.keys(traits.properties ?? {}),
    policies: at(root, 'spec', 'policies'),
    environment,
    gitops: at(environment, 'gitops'),
    overrides: at(environment, 'overrides'),
  };
  return cached;
}
