import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/test-app.js';

/** A small application of workspace `workspace`, delivered to `cluster`. */
export function appYaml(name: string, cluster: string, namespace: string): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  components:
    - name: web
      type: webservice
      image: ghcr.io/acme/${name}:1.0.0
      ports: [{ port: 8080, expose: true }]
  environments:
    - { name: dev, cluster: ${cluster}, namespace: ${namespace} }
`;
}

/** Path parameter values that resolve to real resources of one workspace. */
export interface WorkspaceFixture {
  workspace: string;
  app: string;
  cluster: string;
  repo: string;
  runId: string;
  revision: string;
  step: string;
  readTokenId: string;
  changeRequest: string;
}

function expectOk(what: string, response: LightMyRequestResponse): LightMyRequestResponse {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response;
}

/**
 * Creates workspace `workspace` with an application `app` (on `cluster`, which must be
 * registered), a run of it, a git repository with a read token and a change request.
 */
export async function createWorkspaceFixture(
  t: TestApp,
  names: { workspace: string; app: string; cluster: string; repo: string },
): Promise<WorkspaceFixture> {
  const admin = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.request(t.adminToken, { method, url, body, ...(headers ? { headers } : {}) });
  const ws = `/api/v1/workspaces/${names.workspace}`;
  expectOk('workspace', await admin('POST', '/api/v1/workspaces', { name: names.workspace }));
  expectOk(
    'app',
    await admin('POST', `${ws}/apps`, appYaml(names.app, names.cluster, `${names.workspace}-dev`), {
      'content-type': 'application/yaml',
    }),
  );
  const run = expectOk('run', await admin('POST', `${ws}/apps/${names.app}/runs`, { environment: 'dev' })).json() as {
    id: string;
    steps?: Array<{ name: string }>;
  };
  expectOk('repository', await admin('POST', `${ws}/git/repositories`, { name: names.repo }));
  const token = expectOk(
    'read token',
    await admin('POST', `${ws}/git/repositories/${names.repo}/read-tokens`, { name: 'ci' }),
  ).json() as { id: string };
  const branches = (await admin('GET', `${ws}/git/repositories/${names.repo}/branches`)).json() as Array<{ name: string }> | { items?: Array<{ name: string }> };
  const list = Array.isArray(branches) ? branches : (branches.items ?? []);
  const source = list[0]?.name ?? 'main';
  const cr = await admin('POST', `${ws}/git/repositories/${names.repo}/change-requests`, {
    title: 'fixture',
    sourceBranch: source,
    targetBranch: source,
  });
  return {
    ...names,
    runId: run.id,
    revision: '1',
    step: run.steps?.[0]?.name ?? 'deploy-web',
    readTokenId: token.id,
    changeRequest: cr.statusCode < 300 ? String((cr.json() as { number: number }).number) : '1',
  };
}
