import fc from 'fast-check';
import { ApplicationSchema, type Application } from '../../src/model/index.js';

/** fast-check arbitraries of valid Berth applications (what the model validation accepts). */

const quantity = fc.constantFrom('100m', '0.5', '1', '2', '64Mi', '512Mi', '1Gi', 4);
const size = fc.constantFrom('1Gi', '20', 10, '500Mi');
const path = fc.constantFrom('/data', '/etc/app', '/var/cache', '/tmp/x');
const image = fc.constantFrom('nginx:1.27', 'ghcr.io/acme/app:1.0.0', 'redis:7');
const envName = fc.constantFrom('FOO', 'BAR_BAZ', 'LOG_LEVEL', 'DB_PASSWORD');

const storage: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      type: fc.constant('persistent' as const),
      mountPath: path,
      size: fc.option(size, { nil: undefined }),
      storageClass: fc.option(fc.constant('fast'), { nil: undefined }),
      accessModes: fc.option(fc.constant(['ReadWriteOnce' as const]), { nil: undefined }),
    },
    { requiredKeys: ['type', 'mountPath'] },
  ),
  fc.record(
    {
      type: fc.constant('ephemeral' as const),
      mountPath: path,
      size: fc.option(size, { nil: undefined }),
      medium: fc.option(fc.constantFrom('' as const, 'Memory' as const), { nil: undefined }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('host-mounted' as const),
      mountPath: path,
      hostPath: path,
      hostPathType: fc.option(fc.constantFrom('' as const, 'Directory' as const), { nil: undefined }),
    },
    { requiredKeys: ['type', 'hostPath'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('config' as const, 'secret' as const),
      mountPath: path,
      sourceName: fc.constant('settings'),
      defaultMode: fc.option(fc.constantFrom(420, 256), { nil: undefined }),
      items: fc.option(fc.constant([{ key: 'a', path: 'a.conf' }]), { nil: undefined }),
    },
    { requiredKeys: ['type'] },
  ),
);

const env = fc.oneof(
  fc.record({ name: envName, value: fc.string({ maxLength: 8 }) }),
  fc.record({
    name: envName,
    valueFrom: fc.oneof(
      fc.record({ secret: fc.record({ name: fc.constant('s'), key: fc.constant('k') }) }),
      fc.record({
        config: fc.record({ name: fc.constant('c'), key: fc.constant('k'), optional: fc.boolean() }),
      }),
      fc.record({ field: fc.constantFrom('metadata.name', 'spec.nodeName', 'status.podIP') }),
      fc.record({
        resource: fc.record(
          {
            resource: fc.constantFrom('limits.cpu', 'requests.memory'),
            divisor: fc.option(fc.constantFrom('1m', '1Mi'), { nil: undefined }),
          },
          { requiredKeys: ['resource'] },
        ),
      }),
    ),
  }),
);

const resources = fc.record(
  {
    cpu: quantity,
    memory: quantity,
    limits: fc.record({ cpu: quantity, memory: quantity }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const probe = fc.record(
  {
    httpGet: fc.record({ path: fc.constant('/healthz'), port: fc.constantFrom(8080, 'http') }),
    periodSeconds: fc.integer({ min: 1, max: 60 }),
    failureThreshold: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: ['httpGet'] },
);

function extraContainer(prefix: string, index: number): fc.Arbitrary<unknown> {
  return fc.record(
    {
      name: fc.constant(`${prefix}-${index}`),
      image,
      command: fc.constant(['sh', '-c', 'true']),
      env: fc.array(env, { maxLength: 2 }),
      resources,
      storage: fc.array(storage, { maxLength: 2 }),
    },
    { requiredKeys: ['name', 'image'] },
  );
}

const extraContainers = (prefix: string) =>
  fc
    .integer({ min: 0, max: 2 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => extraContainer(prefix, i))));

const traits: fc.Arbitrary<unknown> = fc.record(
  {
    storage: fc.array(storage, { maxLength: 4 }),
    envs: fc.array(env, { maxLength: 4 }),
    envFrom: fc.array(
      fc.record({
        type: fc.constantFrom('config' as const, 'secret' as const),
        sourceName: fc.constant('src'),
        prefix: fc.option(fc.constant('P_'), { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    init: extraContainers('init'),
    sidecar: extraContainers('side'),
    ingress: fc.record(
      {
        host: fc.constant('app.example.com'),
        path: fc.option(fc.constant('/api'), { nil: undefined }),
        className: fc.option(fc.constant('nginx'), { nil: undefined }),
        tls: fc.option(fc.constant({ secretName: 'tls' }), { nil: undefined }),
      },
      { requiredKeys: ['host'] },
    ),
    resources,
    probes: fc.record({ liveness: probe, readiness: probe, startup: probe }, { requiredKeys: [] }),
    autoscale: fc.record(
      {
        min: fc.integer({ min: 1, max: 3 }),
        max: fc.integer({ min: 3, max: 10 }),
        cpuUtilization: fc.integer({ min: 10, max: 90 }),
      },
      { requiredKeys: ['min', 'max'] },
    ),
    nodeSelector: fc.constant({ 'node-group.berth.dev/name': 'edge' }),
    tolerations: fc.array(
      fc.record(
        {
          key: fc.constant('dedicated'),
          value: fc.constant('x'),
          effect: fc.constantFrom('NoSchedule' as const, 'NoExecute' as const),
        },
        { requiredKeys: ['key'] },
      ),
      { maxLength: 2 },
    ),
    gpu: fc.record(
      {
        count: fc.integer({ min: 1, max: 8 }),
        vendor: fc.constantFrom('nvidia' as const, 'amd' as const, 'intel' as const),
        product: fc.constant('A100'),
      },
      { requiredKeys: ['count'] },
    ),
  },
  { requiredKeys: [] },
);

const ports = fc.option(
  fc.uniqueArray(fc.integer({ min: 1024, max: 9000 }), { minLength: 1, maxLength: 3 }).chain((numbers) =>
    fc.tuple(
      ...numbers.map((port) =>
        fc.record(
          {
            port: fc.constant(port),
            expose: fc.boolean(),
            servicePort: fc.option(fc.constant(80 + (port % 5)), { nil: undefined }),
          },
          { requiredKeys: ['port'] },
        ),
      ),
    ),
  ),
  { nil: undefined },
);

function component(name: string): fc.Arbitrary<unknown> {
  const workload = (type: string) =>
    fc.record(
      {
        name: fc.constant(name),
        type: fc.constant(type),
        image,
        replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        ports,
        traits: fc.option(traits, { nil: undefined }),
        args: fc.option(fc.constant(['--x']), { nil: undefined }),
      },
      { requiredKeys: ['name', 'type', 'image'] },
    );
  return fc.oneof(
    workload('webservice'),
    workload('worker'),
    workload('store'),
    workload('daemon'),
    workload('job'),
    workload('cronjob').map((c) => ({
      ...(c as object),
      replicas: undefined,
      cron: { schedule: '*/5 * * * *' },
    })),
    fc.record({
      name: fc.constant(name),
      type: fc.constant('helm' as const),
      helm: fc.record(
        {
          repoURL: fc.constant('https://git.example/charts.git'),
          path: fc.constant('charts/x'),
          agent: fc.constantFrom('argocd' as const, 'flux' as const),
          targetRevision: fc.constantFrom('HEAD', 'main', 'v1.2.3'),
        },
        { requiredKeys: ['repoURL', 'path'] },
      ),
    }),
    fc.record({
      name: fc.constant(name),
      type: fc.constant('manifests' as const),
      manifests: fc.constant({
        objects: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-settings` }, data: { a: 'b' } },
        ],
      }),
    }),
  );
}

/** A valid application with 1–5 uniquely named components and 0–2 environments. */
export const applicationArbitrary: fc.Arbitrary<Application> = fc
  .integer({ min: 1, max: 5 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => component(`c${i}`))))
  .chain((components) =>
    fc.record(
      {
        components: fc.constant(components),
        policies: fc.option(
          fc.record(
            {
              imagePullPolicy: fc.constantFrom('Always' as const, 'IfNotPresent' as const),
              restartPolicy: fc.constantFrom('OnFailure' as const, 'Never' as const),
              imagePullSecrets: fc.constant(['pull']),
              revisionHistoryLimit: fc.integer({ min: 0, max: 10 }),
              maxSurge: fc.constantFrom(1, '25%'),
              maxUnavailable: fc.constantFrom(0, '25%'),
              terminationGracePeriodSeconds: fc.integer({ min: 0, max: 120 }),
            },
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
        environments: fc.constantFrom(undefined, [
          { name: 'dev', cluster: 'sandbox', namespace: 'app-dev' },
          {
            name: 'prod',
            cluster: 'p',
            namespace: 'app',
            overrides: { components: { c0: { replicas: 3 } } },
          },
        ]),
      },
      { requiredKeys: ['components'] },
    ),
  )
  .map((spec) =>
    ApplicationSchema.parse({
      apiVersion: 'berth.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'prop-app', labels: { team: 'x' } },
      spec: JSON.parse(JSON.stringify(spec)),
    }),
  );
