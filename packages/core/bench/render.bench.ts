/**
 * Render throughput. Run: `npm run bench -w packages/core`
 * (= `node --import tsx bench/render.bench.ts` in packages/core).
 *
 * 1. one 10-component application using every trait: validate (`validateApplication`) +
 *    render + YAML, repeated; 2. a batch of 1,000 distinct applications, same pipeline.
 */
import { performance } from 'node:perf_hooks';
import { validateApplication, type Application } from '../src/model/index.js';
import { render, toYaml } from '../src/render/index.js';

const TYPES = [
  'webservice',
  'worker',
  'store',
  'daemon',
  'job',
  'cronjob',
  'webservice',
  'worker',
  'helm',
  'manifests',
] as const;

function component(type: (typeof TYPES)[number], index: number, version: string): Record<string, unknown> {
  const name = `${type}-${index}`;
  if (type === 'helm')
    return {
      name,
      type,
      helm: { repoURL: 'https://git.example/deploy.git', path: 'charts/app', targetRevision: version },
    };
  if (type === 'manifests')
    return {
      name,
      type,
      manifests: {
        yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-settings\ndata:\n  version: "${version}"\n`,
      },
    };
  const autoscale =
    type === 'webservice' || type === 'worker' || type === 'store'
      ? { autoscale: { min: 2, max: 10, cpuUtilization: 70 } }
      : {};
  return {
    name,
    type,
    image: `ghcr.io/acme/${name}:${version}`,
    ports: [
      { name: 'http', port: 8080, expose: true },
      { name: 'metrics', port: 9090 },
    ],
    ...(type === 'cronjob' ? { cron: { schedule: '*/15 * * * *' } } : {}),
    traits: {
      storage: [
        { type: 'persistent', name: 'data', mountPath: '/data', size: '10Gi' },
        { type: 'ephemeral', name: 'tmp', mountPath: '/tmp', size: '1Gi' },
        { type: 'config', name: 'conf', sourceName: 'app-config', mountPath: '/etc/app' },
        { type: 'secret', name: 'tls', sourceName: 'app-tls', mountPath: '/etc/tls' },
      ],
      envs: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'DB_PASSWORD', valueFrom: { secret: { name: 'db', key: 'password' } } },
        { name: 'NODE_NAME', valueFrom: { field: 'spec.nodeName' } },
      ],
      envFrom: [{ type: 'config', sourceName: 'app-settings' }],
      init: [{ name: 'wait-db', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
      sidecar: [
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: [{ name: 'proxy', port: 10000 }] },
      ],
      ...(type === 'webservice'
        ? { ingress: { host: `${name}.example.com`, tls: { secretName: 'tls' } } }
        : {}),
      resources: { cpu: '250m', memory: '256Mi' },
      probes: {
        readiness: { httpGet: { path: '/ready', port: 'http' } },
        liveness: { httpGet: { path: '/live', port: 'http' } },
      },
      ...autoscale,
      nodeSelector: { 'node-group.berth.dev/name': 'general' },
      tolerations: [{ key: 'dedicated', value: 'apps', effect: 'NoSchedule' }],
      gpu: { count: 1 },
    },
  };
}

function application(name: string, version: string): unknown {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, labels: { team: 'bench' } },
    spec: {
      components: TYPES.map((type, index) => component(type, index, version)),
      policies: { imagePullPolicy: 'IfNotPresent', revisionHistoryLimit: 5, maxSurge: 1, maxUnavailable: 0 },
      environments: [
        { name: 'dev', cluster: 'sandbox', namespace: `${name}-dev` },
        {
          name: 'prod',
          cluster: 'prod-1',
          namespace: name,
          overrides: { components: { 'webservice-0': { replicas: 4 } } },
        },
      ],
    },
  };
}

function pipeline(input: unknown): number {
  const { application: app, problems } = validateApplication(input);
  if (!app)
    throw new Error(
      `the bench application is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return toYaml(render(app as Application, 'prod').objects).length;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const single = application('bench', '1.0.0');
const objects = render(validateApplication(single).application!, 'prod').objects.length;
for (let i = 0; i < 50; i++) pipeline(single); // warm-up

const iterations = 500;
let start = performance.now();
for (let i = 0; i < iterations; i++) pipeline(single);
let elapsed = performance.now() - start;
console.log(`10-component app, all traits (${objects} objects): validate + render + YAML`);
console.log(
  `  ${iterations} runs in ${elapsed.toFixed(0)} ms: ${((iterations / elapsed) * 1000).toFixed(0)} ops/s, ${(elapsed / iterations).toFixed(2)} ms per app`,
);

const batch = Array.from({ length: 1000 }, (_, i) => application(`app-${i}`, `1.${i}.0`));
const heapBefore = process.memoryUsage().heapUsed;
start = performance.now();
let bytes = 0;
for (const input of batch) bytes += pipeline(input);
elapsed = performance.now() - start;
const heapAfter = process.memoryUsage().heapUsed;
console.log(`batch of ${batch.length} distinct apps (10 components each): validate + render + YAML`);
console.log(
  `  ${elapsed.toFixed(0)} ms total, ${(elapsed / batch.length).toFixed(2)} ms per app, ${((batch.length / elapsed) * 1000).toFixed(0)} apps/s, ${mib(bytes)} of YAML`,
);
console.log(
  `  heap used ${mib(heapBefore)} → ${mib(heapAfter)} (no GC forced); rss ${mib(process.memoryUsage().rss)}`,
);
console.log(`command: npm run bench -w packages/core  (node ${process.version})`);
