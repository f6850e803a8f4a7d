import { z } from 'zod';
import { ApplicationSchema } from './schema.js';

/** The `$id` of the published JSON Schema of Berth applications. */
export const APPLICATION_SCHEMA_ID = 'https://berth.dev/schema/application.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a Berth application, for editors (YAML language server,
 * VS Code). Generated from the zod schema, so it never drifts from validation; semantic rules
 * (unique names, dependsOn targets, …) are not expressible in it and are checked by Berth only.
 */
export function applicationJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ApplicationSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: APPLICATION_SCHEMA_ID,
    title: 'Berth Application',
    description:
      'A Berth application: components, traits, policies, environments and a workflow (apiVersion berth.dev/v1alpha1, kind Application).',
    ...rest,
  };
}

/** The JSON Schema as the committed file holds it: two-space indented, with a final newline. */
export function applicationJsonSchemaText(): string {
  return `${JSON.stringify(applicationJsonSchema(), null, 2)}\n`;
}
