/**
 * Write packages/core/schema/application.schema.json from the zod schema.
 * Run with `npm run schema -w packages/core`; a test fails when the committed file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationJsonSchemaText } from '../src/model/json-schema.js';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../schema/application.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, applicationJsonSchemaText());
console.log(`wrote ${target}`);
