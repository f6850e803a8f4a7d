/**
 * Deploy 200 applications to one sandbox through Berth's `deploy` executor (render, namespace,
 * server-side apply as `berth`, prune, record) vs `kubectl apply --server-side` of the same
 * rendered objects, one application at a time each. Health waiting is off on the Berth side
 * (`wait: false`) so both sides do the same work against the API server.
 *
 *   node --import tsx packages/server/bench/deploy.bench.ts [apps=200]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { render, toYaml, type Application } from '@berth/core';
import { startSandbox } from '@berth/sandbox';
import pino from 'pino';
import { DeploymentHistory, deploymentsMigration } from '../src/delivery/deployments.js';
import { deliveryExecutors } from '../src/delivery/direct-executors.js';
import { connectToCluster } from '../src/kube/index.js';
import { openStore } from '../src/store/open-store.js';

const run = promisify(execFile);
const APPS = Number(process.argv[2] ?? 200);

function app(name: string, namespace: string): Application {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, workspace: 'bench' },
    spec: {
      components: [
        { name: 'web', type: 'webservice', image: 'ghcr.io/acme/shop:1.4.0', ports: [{ port: 8080, expose: true }] },
        { name: 'worker', type: 'worker', image: 'ghcr.io/acme/worker:1.4.0' },
      ],
      environments: [{ name: 'dev', cluster: 'sandbox', namespace, delivery: 'direct' }],
    },
  } as Application;
}

const sandbox = await startSandbox({ nodes: 3 });
const cluster = connectToCluster(sandbox.kubeconfig);
const store = await openStore({ dataDir: tmpdir(), sqliteFile: ':memory:' }, { migrations: [deploymentsMigration] });
const executors = deliveryExecutors({
  clusters: { get: async () => cluster, forget: () => undefined },
  deployments: new DeploymentHistory({ store, now: () => new Date() }),
});
const deploy = executors.find((e) => e.type === 'deploy')!;
const logger = pino({ level: 'silent' });

// Berth
const berthStart = performance.now();
for (let i = 0; i < APPS; i++) {
  const spec = app(`app-${i}`, `berth-${i}`);
  const target = { workspace: 'bench', application: spec.metadata.name, revision: 1, spec, environment: 'dev', cluster: 'sandbox', namespace: `berth-${i}` };
  const report = await deploy.execute({
    runId: `run-${i}`, step: 'deploy', properties: { components: ['web', 'worker'], wait: false }, attempt: 1, poll: 0,
    startedAt: Date.now(), state: undefined, target, logger, signal: new AbortController().signal, now: () => Date.now(),
  });
  if (report.status !== 'succeeded') throw new Error(JSON.stringify(report));
}
const berthMs = performance.now() - berthStart;

// kubectl, same objects (plus the namespace), one apply per application
const dir = await mkdtemp(join(tmpdir(), 'berth-bench-'));
const files: string[] = [];
for (let i = 0; i < APPS; i++) {
  const spec = app(`app-${i}`, `kubectl-${i}`);
  const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `kubectl-${i}` } }, ...render(spec, 'dev').objects];
  const file = join(dir, `app-${i}.yaml`);
  await writeFile(file, toYaml(objects));
  files.push(file);
}
const kubectlStart = performance.now();
for (const file of files) {
  await run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, 'apply', '--server-side', '--field-manager', 'bench', '-f', file]);
}
const kubectlMs = performance.now() - kubectlStart;

console.log(`deploy ${APPS} applications (2 components: 3 objects + namespace each) to one sandbox, one at a time`);
console.log(`  berth deploy executor  ${berthMs.toFixed(0)} ms  (${(berthMs / APPS).toFixed(1)} ms/app)`);
console.log(`  kubectl apply --server-side  ${kubectlMs.toFixed(0)} ms  (${(kubectlMs / APPS).toFixed(1)} ms/app)`);
console.log(`  ratio berth / kubectl  ${(berthMs / kubectlMs).toFixed(2)}`);
console.log(`command: node --import tsx packages/server/bench/deploy.bench.ts ${APPS}`);
cluster.close();
await store.close();
await sandbox.stop();
process.exit(0);
