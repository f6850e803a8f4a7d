import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationSchema, parseSource, type Application } from '../../src/model/index.js';

/** Directory of the golden cases: `golden/<case>/app.yaml` and one `<env>.yaml` per environment. */
export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** One golden case: the parsed application and the environments to render. */
export interface GoldenCase {
  name: string;
  dir: string;
  app: Application;
  /** Declared environment names, or `default` for an application without environments. */
  environments: string[];
}

/** Every golden case, sorted by name. */
export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(GOLDEN_DIR, name);
      // Read as `berth validate` reads it (so `defaultMode: 0440` is octal, as in Kubernetes).
      const source = parseSource(readFileSync(join(dir, 'app.yaml'), 'utf8'));
      const app = ApplicationSchema.parse(source.documents[0]?.value);
      const declared = app.spec.environments?.map((env) => env.name) ?? [];
      return { name, dir, app, environments: declared.length > 0 ? declared : ['default'] };
    });
}
