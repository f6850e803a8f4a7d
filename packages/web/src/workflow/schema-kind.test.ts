import { describe, expect, it } from 'vitest';
import { modelSchemas } from '../apps/editor/model-schema.js';
import { emptyValue, kindOf, type SchemaNode } from './schema-kind.js';

/** Paths of every field under `schema` that would be edited as raw JSON text. */
function jsonFields(schema: SchemaNode, path: string): string[] {
  const kind = kindOf(schema).kind;
  const children = (node: SchemaNode | undefined, at: string) =>
    Object.entries(node?.properties ?? {}).flatMap(([key, child]) => jsonFields(child, `${at}.${key}`));
  if (kind === 'json') return [path];
  if (kind === 'object') return children(schema, path);
  if (kind === 'object-list') return children(schema.items, `${path}[]`);
  if (kind === 'object-map') return children(schema.additionalProperties as SchemaNode, `${path}{}`);
  return [];
}

describe('kindOf: the control for each part of the application model', () => {
  it('GIVEN the model’s traits, policies and environments THEN every field has a form control, except free-form helm values', () => {
    const { traits, policies, environment } = modelSchemas();
    expect([
      ...jsonFields(traits, 'traits'),
      ...jsonFields(policies, 'policies'),
      ...jsonFields(environment, 'environment'),
    ]).toEqual(['environment.overrides.components{}.helm.values']);
  });

  it('reads zod’s JSON Schema shapes', () => {
    const { traits, policies } = modelSchemas();
    const storage = traits.properties!.storage!;
    expect(kindOf(storage)).toEqual({ kind: 'object-list' });
    expect(kindOf(storage.items!.properties!.size)).toEqual({ kind: 'text-or-number', numeric: true });
    expect(kindOf(storage.items!.properties!.accessModes)).toMatchObject({ kind: 'enum-list' });
    expect(kindOf(traits.properties!.nodeSelector)).toEqual({ kind: 'string-map' });
    expect(kindOf(traits.properties!.ingress)).toEqual({ kind: 'object' });
    expect(kindOf(policies.properties!.revisionHistoryLimit)).toEqual({ kind: 'number', integer: true });
    expect(kindOf(policies.properties!.imagePullSecrets)).toEqual({ kind: 'string-list' });
    expect(emptyValue(storage)).toEqual([{}]);
    expect(emptyValue(traits.properties!.ingress)).toEqual({});
  });
});
