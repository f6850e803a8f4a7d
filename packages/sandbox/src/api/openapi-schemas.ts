/**
 * Short schemas of the most used built-in kinds, enough for `kubectl explain` on their common
 * fields. Anything not described here is an object that keeps unknown fields.
 */

type Json = Record<string, unknown>;

const str = (description: string): Json => ({ type: 'string', description });
const int = (description: string): Json => ({ type: 'integer', format: 'int32', description });
const bool = (description: string): Json => ({ type: 'boolean', description });
const map = (description: string): Json => ({ type: 'object', additionalProperties: { type: 'string' }, description });
const open = (description: string): Json => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });
const obj = (description: string, properties: Json, required?: string[]): Json => ({
  type: 'object',
  description,
  properties,
  ...(required ? { required } : {}),
});
const listOf = (description: string, items: Json, mergeKey?: string): Json => ({
  type: 'array',
  description,
  items,
  ...(mergeKey ? { 'x-kubernetes-patch-merge-key': mergeKey, 'x-kubernetes-patch-strategy': 'merge' } : {}),
});

const objectMeta = obj('Standard object metadata: name, namespace, labels, annotations and server-set fields.', {
  name: str('Name of the object, unique within its namespace (or the cluster for cluster-scoped kinds).'),
  generateName: str('Prefix the server uses to generate a unique name when name is empty.'),
  namespace: str('Namespace the object lives in; empty for cluster-scoped kinds.'),
  labels: map('Key/value pairs used to select and group objects.'),
  annotations: map('Key/value pairs for tools and people; not used for selection.'),
  uid: str('Unique id assigned by the server when the object is created.'),
  resourceVersion: str('Opaque version of the object, changed by every write; used for optimistic concurrency and watches.'),
  generation: { type: 'integer', format: 'int64', description: 'Sequence number of desired-state (spec) changes, set by the server.' },
  creationTimestamp: str('Server time at which the object was created (RFC 3339).'),
  deletionTimestamp: str('Time after which the object will be removed; set when deletion was requested.'),
  finalizers: listOf('Names that must be removed before the object is deleted.', { type: 'string' }),
  ownerReferences: listOf('Objects this object depends on; when all owners are gone it is garbage collected.', open('An owner.'), 'uid'),
  managedFields: listOf('Which field manager owns which fields (server-side apply bookkeeping).', open('A managed fields entry.')),
});

const container = obj(
  'A single application container of a pod.',
  {
    name: str('Name of the container, unique within the pod.'),
    image: str('Container image reference.'),
    imagePullPolicy: str('When to pull the image: Always, Never or IfNotPresent.'),
    command: listOf('Entrypoint array; replaces the image ENTRYPOINT.', { type: 'string' }),
    args: listOf('Arguments to the entrypoint; replace the image CMD.', { type: 'string' }),
    ports: listOf('Ports the container exposes.', open('A container port.'), 'containerPort'),
    env: listOf('Environment variables set in the container.', open('An environment variable.'), 'name'),
    envFrom: listOf('Sources (ConfigMaps, Secrets) to populate environment variables from.', open('A source.')),
    resources: open('Compute resources (cpu, memory, extended resources) requested and limited.'),
    volumeMounts: listOf('Volumes mounted into the container filesystem.', open('A volume mount.'), 'mountPath'),
    readinessProbe: open('Probe deciding when the container is ready to serve.'),
    livenessProbe: open('Probe deciding when the container must be restarted.'),
  },
  ['name'],
);

const podSpec = obj(
  'Desired behaviour of a pod.',
  {
    containers: listOf('Containers of the pod; at least one.', container, 'name'),
    initContainers: listOf('Containers run to completion, in order, before the app containers start.', container, 'name'),
    volumes: listOf('Volumes the containers may mount.', open('A volume.'), 'name'),
    nodeName: str('Node the pod is bound to; set by the scheduler.'),
    nodeSelector: map('Labels a node must have for the pod to be scheduled on it.'),
    affinity: open('Scheduling constraints (node and pod affinity).'),
    tolerations: listOf('Taints this pod tolerates.', open('A toleration.')),
    restartPolicy: str('Restart policy for all containers: Always, OnFailure or Never.'),
    serviceAccountName: str('ServiceAccount the pod runs as.'),
    imagePullSecrets: listOf('Secrets used to pull the images.', open('A secret reference.'), 'name'),
    terminationGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds the pod is given to stop gracefully.' },
  },
  ['containers'],
);

const podTemplate = obj('Template of the pods to create.', { metadata: objectMeta, spec: podSpec });
const labelSelector = obj('A label query over objects.', {
  matchLabels: map('Labels that must all match.'),
  matchExpressions: listOf('Set-based requirements that must all match.', open('A requirement.')),
});

/** Schemas by `group/Kind` (`/Pod`, `apps/Deployment`), plus `meta/ObjectMeta`. */
export const builtinSchemas: Record<string, Json> = {
  'meta/ObjectMeta': objectMeta,
  '/Pod': obj('A group of containers running together on a node.', { spec: podSpec, status: open('Most recently observed status of the pod.') }),
  '/ConfigMap': obj('Configuration data for pods to consume.', {
    data: map('UTF-8 configuration data.'),
    binaryData: map('Binary configuration data, base64 encoded.'),
    immutable: bool('When true the data cannot be changed.'),
  }),
  '/Secret': obj('Sensitive data such as passwords and tokens.', {
    data: map('Secret data, base64 encoded.'),
    stringData: map('Write-only convenience field: plain strings merged into data.'),
    type: str('Type of the secret, e.g. Opaque or kubernetes.io/tls.'),
  }),
  '/Service': obj('A stable name and virtual address for a set of pods.', {
    spec: obj('Desired behaviour of the service.', {
      selector: map('Pods with these labels receive the traffic.'),
      ports: listOf('Ports the service exposes.', open('A service port.'), 'port'),
      type: str('ClusterIP, NodePort, LoadBalancer or ExternalName.'),
      clusterIP: str('Virtual IP of the service.'),
    }),
    status: open('Most recently observed status of the service.'),
  }),
  '/Namespace': obj('A scope for names of namespaced objects.', { spec: open('Finalizers of the namespace.'), status: open('Phase of the namespace.') }),
  'apps/Deployment': obj('Declarative updates for pods through ReplicaSets.', {
    spec: obj(
      'Desired behaviour of the Deployment.',
      {
        replicas: int('Number of desired pods. Defaults to 1.'),
        selector: labelSelector,
        template: podTemplate,
        strategy: open('How old pods are replaced by new ones: RollingUpdate (maxSurge, maxUnavailable) or Recreate.'),
        minReadySeconds: int('Seconds a new pod must be ready, without crashing, to count as available.'),
        revisionHistoryLimit: int('Old ReplicaSets kept for rollback. Defaults to 10.'),
        paused: bool('Whether the deployment is paused.'),
        progressDeadlineSeconds: int('Seconds to make progress before the deployment is reported as failed.'),
      },
      ['selector', 'template'],
    ),
    status: open('Most recently observed status of the Deployment.'),
  }),
  'apps/StatefulSet': obj('Pods with stable identities and storage.', {
    spec: obj('Desired behaviour of the StatefulSet.', {
      replicas: int('Number of desired pods. Defaults to 1.'),
      serviceName: str('Headless service giving the pods their network identity.'),
      selector: labelSelector,
      template: podTemplate,
      volumeClaimTemplates: listOf('Claims each pod gets, named after the template and the pod.', open('A claim template.')),
    }),
    status: open('Most recently observed status of the StatefulSet.'),
  }),
};
