import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLICATION_SCHEMA_ID, applicationJsonSchemaText } from './json-schema.js';

describe('application JSON Schema', () => {
  it('is committed and up to date (run `npm run schema -w packages/core` after changing schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/application.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(applicationJsonSchemaText());
  });

  it('identifies itself and tells editors about names', () => {
    const schema = JSON.parse(applicationJsonSchemaText());
    expect(schema).toMatchObject({
      $id: APPLICATION_SCHEMA_ID,
      title: 'Berth Application',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
    });
    expect(schema.properties.metadata.properties.name).toMatchObject({
      type: 'string',
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      maxLength: 63,
    });
  });
});
