import { type Application, type KubeObject, render, RenderError, toYaml, validateApplication } from '@berth/core';
import { InputError } from '../http/errors.js';
import { unifiedDiff } from './line-diff.js';
import type { AppRevisionsTable } from './migration.js';
import type { RevisionDiff } from './schemas.js';
import { specYaml } from './submission.js';

/** The typed application of a stored revision (its normalized JSON validates by construction). */
export function applicationOf(revision: AppRevisionsTable): Application {
  const result = validateApplication(JSON.parse(revision.spec_json));
  if (!result.application) throw new Error(`stored revision ${revision.revision} no longer validates`);
  return result.application;
}

/**
 * The difference between two revisions: a unified diff of the spec YAML, and the objects
 * rendered for `environment` (default: the first environment of the newer revision) that were
 * added, removed or changed, each with a unified diff of its YAML.
 */
export function diffRevisions(from: AppRevisionsTable, to: AppRevisionsTable, environment?: string): RevisionDiff {
  const spec = unifiedDiff(specYaml(from.spec_format, from.spec_text), specYaml(to.spec_format, to.spec_text), {
    from: `revision ${from.revision}`,
    to: `revision ${to.revision}`,
  });
  const before = applicationOf(from);
  const after = applicationOf(to);
  const names = (app: Application) => (app.spec.environments ?? []).map((e) => e.name);
  const env = environment ?? names(after)[0] ?? names(before)[0];
  if (env === undefined) return { from: from.revision, to: to.revision, spec, objects: [] };
  if (!names(before).includes(env) && !names(after).includes(env))
    throw new InputError(`neither revision has an environment ${env}`, [{ path: 'query.env', message: 'is not an environment' }]);
  const a = objectsByKey(before, env);
  const b = objectsByKey(after, env);
  const objects: RevisionDiff['objects'] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const old = a.get(key);
    const now = b.get(key);
    const oldText = old ? toYaml([old]) : '';
    const newText = now ? toYaml([now]) : '';
    if (oldText === newText) continue;
    const obj = (now ?? old)!;
    objects.push({
      change: !old ? 'added' : !now ? 'removed' : 'changed',
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      diff: unifiedDiff(oldText, newText, { from: `revision ${from.revision}`, to: `revision ${to.revision}` }),
    });
  }
  return { from: from.revision, to: to.revision, spec, environment: env, objects };
}

function objectsByKey(app: Application, environment: string): Map<string, KubeObject> {
  if (!(app.spec.environments ?? []).some((e) => e.name === environment)) return new Map();
  try {
    return new Map(
      render(app, environment).objects.map((o) => [`${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]),
    );
  } catch (error) {
    if (error instanceof RenderError) return new Map();
    throw error;
  }
}
