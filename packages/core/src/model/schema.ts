import { z } from 'zod';

/**
 * The Berth application model: one zod schema per part of the `Application` document.
 * These schemas are the single source of the TypeScript types, the runtime validation and
 * the JSON Schema written for editors (`schema/application.schema.json`).
 *
 * Objects are strict: an unknown field is reported, never silently dropped.
 * Semantic rules that need more than one field (unique names, dependsOn targets, trait
 * combinations) live in `rules/`, not here.
 */

/** The API version of every Berth application document. */
export const APPLICATION_API_VERSION = 'berth.dev/v1alpha1';

// Names and quantities are checked by the rules in `rules/` (one actionable message each); the
// `pattern` metadata only lets editors flag them while typing.
const dnsLabel = z
  .string()
  .meta({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 })
  .describe(
    'A DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
  );

const quantity = z
  .union([
    z
      .string()
      .meta({ pattern: '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$' }),
    z.number(),
  ])
  .describe('A Kubernetes quantity such as 500m, 0.5, 512Mi or 1Gi.');

/** The workflow step (job) types Berth runs; a step of another type is reported. */
export const STEP_TYPES = [
  'deploy',
  'job',
  'apply',
  'wait-healthy',
  'approval',
  'webhook',
  'delay',
  'gpu-precheck',
  'rollback',
] as const;
/** One of {@link STEP_TYPES}. */
export type StepType = (typeof STEP_TYPES)[number];

const stringMap = z.record(z.string(), z.string());

/** The kinds of component Berth knows how to render. */
export const COMPONENT_TYPES = [
  'webservice',
  'worker',
  'store',
  'daemon',
  'job',
  'cronjob',
  'helm',
  'manifests',
] as const;
export const ComponentTypeSchema = z.enum(COMPONENT_TYPES);
export type ComponentType = z.infer<typeof ComponentTypeSchema>;

export const PortSchema = z
  .object({
    name: dnsLabel
      .optional()
      .describe('Port name; defaults to "<protocol>-<port>" lower-cased, e.g. "tcp-8080".'),
    port: z.number().int().min(1).max(65535).describe('The port the container listens on.'),
    servicePort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('The Service port; defaults to `port`.'),
    protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional().describe('Defaults to TCP.'),
    expose: z
      .boolean()
      .optional()
      .describe('Expose this port through the component Service (and ingress). Defaults to false.'),
  })
  .strict();
export type Port = z.infer<typeof PortSchema>;

export const STORAGE_TYPES = ['persistent', 'ephemeral', 'host-mounted', 'config', 'secret'] as const;

export const StorageSchema = z
  .object({
    type: z
      .enum(STORAGE_TYPES)
      .describe(
        'persistent → PVC, ephemeral → emptyDir, host-mounted → hostPath, config → ConfigMap volume, secret → Secret volume.',
      ),
    name: dnsLabel.optional().describe('Volume name; generated from the type and position when omitted.'),
    mountPath: z
      .string()
      .optional()
      .describe(
        'Absolute path inside the container. Required except for config/secret used only as a source.',
      ),
    subPath: z.string().optional(),
    readOnly: z.boolean().optional().describe('Defaults to true for config and secret, false otherwise.'),
    size: quantity
      .optional()
      .describe('persistent and ephemeral: capacity, e.g. 20Gi. A bare number means Gi.'),
    storageClass: z
      .string()
      .optional()
      .describe('persistent: StorageClass name; the cluster default when omitted.'),
    accessModes: z
      .array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']))
      .optional(),
    medium: z.enum(['', 'Memory']).optional().describe('ephemeral: "Memory" for a tmpfs.'),
    hostPath: z.string().optional().describe('host-mounted: the path on the node.'),
    hostPathType: z
      .enum([
        '',
        'DirectoryOrCreate',
        'Directory',
        'FileOrCreate',
        'File',
        'Socket',
        'CharDevice',
        'BlockDevice',
      ])
      .optional(),
    sourceName: z
      .string()
      .optional()
      .describe('config/secret: the ConfigMap or Secret name; defaults to the volume name.'),
    defaultMode: z
      .number()
      .int()
      .min(0)
      .max(0o777)
      .optional()
      .describe('config/secret: file mode, e.g. 420 (0644).'),
    items: z
      .array(z.object({ key: z.string(), path: z.string() }).strict())
      .optional()
      .describe('config/secret: only these keys, as these files.'),
  })
  .strict();
export type Storage = z.infer<typeof StorageSchema>;

const keyRef = z.object({ name: z.string(), key: z.string(), optional: z.boolean().optional() }).strict();

export const EnvSchema = z
  .object({
    name: z
      .string()
      .describe('Environment variable name: letters, digits, "_", "-" or ".", not starting with a digit.'),
    value: z.string().optional(),
    valueFrom: z
      .object({
        secret: keyRef.optional(),
        config: keyRef.optional(),
        field: z
          .string()
          .optional()
          .describe(
            "A Pod field: metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs, metadata.labels['k'], metadata.annotations['k'].",
          ),
        resource: z.object({ resource: z.string(), divisor: quantity.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Env = z.infer<typeof EnvSchema>;

export const EnvFromSchema = z
  .object({
    type: z.enum(['config', 'secret']).describe('config reads a ConfigMap, secret a Secret.'),
    sourceName: z.string().describe('The ConfigMap or Secret whose keys become environment variables.'),
    prefix: z.string().optional(),
    optional: z.boolean().optional(),
  })
  .strict();
export type EnvFrom = z.infer<typeof EnvFromSchema>;

export const ResourcesSchema = z
  .object({
    cpu: quantity.optional().describe('CPU request, e.g. 500m.'),
    memory: quantity.optional().describe('Memory request, e.g. 512Mi.'),
    limits: z
      .object({ cpu: quantity.optional(), memory: quantity.optional() })
      .strict()
      .optional()
      .describe('Limits; memory defaults to the request, cpu is unlimited by default.'),
  })
  .strict();
export type Resources = z.infer<typeof ResourcesSchema>;

/** A container added beside the main one (init or sidecar). */
export const ExtraContainerSchema = z
  .object({
    name: dnsLabel.describe('Container name, unique in the pod; a DNS-1123 label.'),
    image: z.string().describe('The container image to run, e.g. busybox:1.36.'),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z.array(EnvSchema).optional(),
    ports: z.array(PortSchema).optional(),
    resources: ResourcesSchema.optional(),
    mounts: z
      .array(
        z
          .object({
            volume: z.string(),
            mountPath: z.string(),
            readOnly: z.boolean().optional(),
            subPath: z.string().optional(),
          })
          .strict(),
      )
      .optional()
      .describe('Mount volumes of the component (by storage name) into this container.'),
    storage: z
      .array(StorageSchema)
      .optional()
      .describe('Volumes owned by this container (added to the pod, mounted here only).'),
  })
  .strict();
export type ExtraContainer = z.infer<typeof ExtraContainerSchema>;

const probeHandler = {
  httpGet: z
    .object({
      path: z.string(),
      port: z.union([z.number().int(), z.string()]),
      scheme: z.enum(['HTTP', 'HTTPS']).optional(),
    })
    .strict()
    .optional(),
  tcpSocket: z
    .object({ port: z.union([z.number().int(), z.string()]) })
    .strict()
    .optional(),
  exec: z
    .object({ command: z.array(z.string()).min(1) })
    .strict()
    .optional(),
  grpc: z.object({ port: z.number().int(), service: z.string().optional() }).strict().optional(),
  initialDelaySeconds: z.number().int().min(0).optional(),
  periodSeconds: z.number().int().min(1).optional(),
  timeoutSeconds: z.number().int().min(1).optional(),
  failureThreshold: z.number().int().min(1).optional(),
  successThreshold: z.number().int().min(1).optional(),
};
export const ProbeSchema = z.object(probeHandler).strict();
export type Probe = z.infer<typeof ProbeSchema>;

export const IngressSchema = z
  .object({
    host: z.string().describe('The public host name, e.g. shop.example.com.'),
    path: z.string().optional().describe('Defaults to "/".'),
    pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific']).optional(),
    port: z
      .union([z.number().int(), z.string()])
      .optional()
      .describe('Which exposed port (number or name); the first exposed port by default.'),
    className: z.string().optional(),
    tls: z.object({ secretName: z.string() }).strict().optional(),
    annotations: stringMap.optional(),
  })
  .strict();
export type Ingress = z.infer<typeof IngressSchema>;

export const AutoscaleSchema = z
  .object({
    min: z.number().int().min(1).describe('The fewest replicas the autoscaler keeps.'),
    max: z.number().int().min(1).describe('The most replicas the autoscaler starts.'),
    cpuUtilization: z.number().int().min(1).max(1000).optional(),
    memoryUtilization: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type Autoscale = z.infer<typeof AutoscaleSchema>;

export const TolerationSchema = z
  .object({
    key: z.string().optional(),
    operator: z.enum(['Exists', 'Equal']).optional(),
    value: z.string().optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    tolerationSeconds: z.number().int().optional(),
  })
  .strict();
export type Toleration = z.infer<typeof TolerationSchema>;

export const GpuSchema = z
  .object({
    count: z.number().int().min(1).describe('GPUs per pod.'),
    vendor: z
      .enum(['nvidia', 'amd', 'intel'])
      .optional()
      .describe('Defaults to nvidia (resource nvidia.com/gpu).'),
    product: z
      .string()
      .optional()
      .describe('Pin to nodes whose nvidia.com/gpu.product label has this value.'),
  })
  .strict();
export type Gpu = z.infer<typeof GpuSchema>;

/** Traits attach capabilities to a component; each is processed by one TraitProcessor. */
export const TraitsSchema = z
  .object({
    storage: z.array(StorageSchema).optional(),
    envs: z.array(EnvSchema).optional(),
    envFrom: z.array(EnvFromSchema).optional(),
    init: z.array(ExtraContainerSchema).optional(),
    sidecar: z.array(ExtraContainerSchema).optional(),
    ingress: IngressSchema.optional(),
    resources: ResourcesSchema.optional(),
    probes: z
      .object({
        liveness: ProbeSchema.optional(),
        readiness: ProbeSchema.optional(),
        startup: ProbeSchema.optional(),
      })
      .strict()
      .optional(),
    autoscale: AutoscaleSchema.optional(),
    nodeSelector: stringMap.optional(),
    tolerations: z.array(TolerationSchema).optional(),
    gpu: GpuSchema.optional(),
  })
  .strict();
export type Traits = z.infer<typeof TraitsSchema>;
export type TraitName = keyof Traits;

export const JobSettingsSchema = z
  .object({
    completions: z.number().int().min(1).optional(),
    parallelism: z.number().int().min(1).optional(),
    backoffLimit: z.number().int().min(0).optional(),
    activeDeadlineSeconds: z.number().int().min(1).optional(),
    ttlSecondsAfterFinished: z.number().int().min(0).optional(),
  })
  .strict();

export const CronSettingsSchema = z
  .object({
    schedule: z.string().describe('Cron expression, five fields, e.g. "*/15 * * * *".'),
    timeZone: z.string().optional(),
    concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).optional(),
    suspend: z.boolean().optional(),
    successfulJobsHistoryLimit: z.number().int().min(0).optional(),
    failedJobsHistoryLimit: z.number().int().min(0).optional(),
  })
  .strict();

/** A Helm chart kept in a target (application) repository, with one value overlay per environment. */
export const HelmSourceSchema = z
  .object({
    repoURL: z.string().describe('Git repository holding the chart (https URL or an embedded repo name).'),
    path: z.string().describe('Chart directory inside the repository, e.g. charts/shop.'),
    targetRevision: z.string().optional().describe('Branch, tag or commit; defaults to HEAD.'),
    releaseName: z.string().optional(),
    valueFiles: z
      .array(z.string())
      .optional()
      .describe('Value files relative to the chart; defaults to values.yaml and overlays/<env>/values.yaml.'),
    values: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Inline values merged over the value files.'),
    agent: z
      .enum(['argocd', 'flux'])
      .optional()
      .describe('Which GitOps agent renders the chart; defaults to argocd.'),
  })
  .strict();
export type HelmSource = z.infer<typeof HelmSourceSchema>;

/** Raw Kubernetes manifests passed through (namespace set, labels added). */
export const ManifestsSourceSchema = z
  .object({
    objects: z.array(z.record(z.string(), z.unknown())).optional().describe('Inline Kubernetes objects.'),
    yaml: z.string().optional().describe('Kubernetes objects as a multi-document YAML string.'),
    path: z.string().optional().describe('A kustomize directory in the target repository (gitops only).'),
  })
  .strict();

export const ComponentSchema = z
  .object({
    name: dnsLabel.describe('Component name, unique in the application; a DNS-1123 label such as `web`.'),
    type: ComponentTypeSchema.describe(
      'What to run: webservice, worker, store, daemon, job, cronjob, helm or manifests.',
    ),
    image: z
      .string()
      .optional()
      .describe(
        'The container image to run, e.g. ghcr.io/acme/shop:1.4.0; required except for helm and manifests components.',
      ),
    replicas: z.number().int().min(0).optional().describe('Defaults to 1 (webservice, worker, store).'),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    ports: z.array(PortSchema).optional(),
    dependsOn: z
      .array(z.string())
      .optional()
      .describe('Components that must be deployed (and healthy) first.'),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    serviceAccountName: z.string().optional(),
    job: JobSettingsSchema.optional().describe('job and cronjob: completion settings.'),
    cron: CronSettingsSchema.optional().describe('cronjob: the schedule.'),
    helm: HelmSourceSchema.optional().describe('helm: the chart.'),
    manifests: ManifestsSourceSchema.optional().describe('manifests: the objects.'),
    traits: TraitsSchema.optional(),
  })
  .strict();
export type Component = z.infer<typeof ComponentSchema>;

export const PoliciesSchema = z
  .object({
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
    restartPolicy: z
      .enum(['Always', 'OnFailure', 'Never'])
      .optional()
      .describe(
        'Pods of long-running components always restart; this applies to job/cronjob (default OnFailure).',
      ),
    imagePullSecrets: z.array(z.string()).optional(),
    revisionHistoryLimit: z.number().int().min(0).optional(),
    maxSurge: z.union([z.number().int().min(0), z.string()]).optional(),
    maxUnavailable: z.union([z.number().int().min(0), z.string()]).optional(),
    terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  })
  .strict();
export type Policies = z.infer<typeof PoliciesSchema>;

/** Per-environment changes to components, applied before rendering. */
export const ComponentOverrideSchema = z
  .object({
    image: z.string().optional(),
    replicas: z.number().int().min(0).optional(),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    helm: HelmSourceSchema.partial().optional(),
    traits: TraitsSchema.partial().optional(),
  })
  .strict();
export type ComponentOverride = z.infer<typeof ComponentOverrideSchema>;

export const EnvironmentSchema = z
  .object({
    name: dnsLabel.describe('Environment name, unique in the application, e.g. dev or prod.'),
    cluster: z.string().describe('Name of a cluster registered in Berth.'),
    namespace: dnsLabel.describe('Namespace on that cluster; Berth creates it on first deploy.'),
    delivery: z.enum(['direct', 'gitops']).optional().describe('Defaults to direct.'),
    gitops: z
      .object({
        repo: z.string().optional().describe('Application repository: an embedded repository name, or a GitHub repository URL (https://github.com/<owner>/<repo>, github.com/<owner>/<repo>, optionally .git) granted to the workspace by a platform admin; defaults to the workspace repository.'),
        branch: z.string().optional(),
        agent: z.enum(['argocd', 'flux']).optional(),
      })
      .strict()
      .optional(),
    overrides: z
      .object({
        components: z.record(z.string(), ComponentOverrideSchema).optional(),
        policies: PoliciesSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Environment = z.infer<typeof EnvironmentSchema>;

export const WorkflowStepSchema = z
  .object({
    name: dnsLabel.describe('Step name, unique in the workflow.'),
    type: z.string().describe(`The step type: ${STEP_TYPES.join(', ')}.`),
    components: z
      .array(z.string())
      .optional()
      .describe('deploy, wait-healthy: the components this step handles.'),
    component: z.string().optional().describe('job, gpu-precheck: the component this step runs or checks.'),
    environments: z.array(z.string()).optional().describe('Run the step only in these environments.'),
    dependsOn: z
      .array(z.string())
      .optional()
      .describe('Steps that must succeed first; defaults to the previous step (serial).'),
    timeout: z.string().optional().describe('e.g. 30s, 10m, 1h.'),
    retries: z.number().int().min(0).max(20).optional(),
    properties: z.record(z.string(), z.unknown()).optional().describe('Type-specific settings.'),
  })
  .strict();
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

export const WorkflowSchema = z
  .object({
    mode: z
      .enum(['serial', 'dag'])
      .optional()
      .describe(
        'serial: each step waits for the previous one unless dependsOn says otherwise. Defaults to serial.',
      ),
    steps: z.array(WorkflowStepSchema).describe('The steps to run.'),
  })
  .strict();
export type Workflow = z.infer<typeof WorkflowSchema>;

export const MetadataSchema = z
  .object({
    name: dnsLabel.describe('Application name, a DNS-1123 label such as `shop`.'),
    workspace: dnsLabel.optional().describe('The workspace that owns the application.'),
    description: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .strict();

export const ApplicationSpecSchema = z
  .object({
    components: z.array(ComponentSchema).min(1).describe('The parts of the application, at least one.'),
    policies: PoliciesSchema.optional(),
    environments: z.array(EnvironmentSchema).optional(),
    workflow: WorkflowSchema.optional(),
  })
  .strict();
export type ApplicationSpec = z.infer<typeof ApplicationSpecSchema>;

/** A Berth application document (`berth.yaml`). */
export const ApplicationSchema = z
  .object({
    apiVersion: z.literal(APPLICATION_API_VERSION).describe(`Always ${APPLICATION_API_VERSION}.`),
    kind: z.literal('Application').describe('Always Application.'),
    metadata: MetadataSchema.describe('The application name, workspace and labels.'),
    spec: ApplicationSpecSchema.describe('Components, policies, environments and workflow.'),
  })
  .strict();
export type Application = z.infer<typeof ApplicationSchema>;
