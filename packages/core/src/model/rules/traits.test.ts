import { describe, expect, it } from 'vitest';
import { app, withCode } from '../../../test/model/support.js';

/** GIVEN one mistake in a trait WHEN validated THEN one problem at its path and line. */
interface Case {
  rule: string;
  traits: string;
  code: string;
  path: string;
  line: number;
  message: RegExp;
  severity?: 'error' | 'warning';
  type?: string;
  ports?: string;
}

/** A webservice `web` whose traits start on line 11 (the first trait line of `traits`). */
function webWith(traits: string, type = 'webservice', ports = '[{ port: 8080, expose: true }]'): string {
  return app(`
  components:
    - name: web
      type: ${type}
      image: nginx
      ports: ${ports}
      traits:
${traits.replace(/^\n/, '')}`);
}

const cases: Case[] = [
  {
    rule: 'env names are valid',
    traits: `
        envs: [{ name: "DB-URL!", value: x }]`,
    code: 'invalid-env-name',
    path: 'spec.components[0].traits.envs[0].name',
    line: 11,
    message: /environment variable name `DB-URL!` must consist of letters, digits/,
  },
  {
    rule: 'env names are unique per container',
    traits: `
        envs:
          - { name: MODE, value: a }
          - { name: MODE, value: b }`,
    code: 'duplicate-env',
    path: 'spec.components[0].traits.envs[1].name',
    line: 13,
    message: /environment variable `MODE` is already set at spec\.components\[0\]\.traits\.envs\[0\]/,
  },
  {
    rule: 'value and valueFrom exclude each other',
    traits: `
        envs: [{ name: A, value: x, valueFrom: { field: metadata.name } }]`,
    code: 'env-value-conflict',
    path: 'spec.components[0].traits.envs[0].value',
    line: 11,
    message: /set either `value` or `valueFrom`, not both/,
  },
  {
    rule: 'valueFrom has exactly one source',
    traits: `
        envs:
          - name: A
            valueFrom: { field: metadata.name, secret: { name: s, key: k } }`,
    code: 'env-value-source',
    path: 'spec.components[0].traits.envs[0].valueFrom',
    line: 13,
    message: /valueFrom has `secret` and `field`; keep exactly one source/,
  },
  {
    rule: 'field references are ones Kubernetes supports',
    traits: `
        envs: [{ name: NODE, valueFrom: { field: spec.nodename } }]`,
    code: 'invalid-field-ref',
    path: 'spec.components[0].traits.envs[0].valueFrom.field',
    line: 11,
    message: /`spec\.nodename` is not a Pod field .*; did you mean `spec\.nodeName`\?/,
  },
  {
    rule: 'envFrom names a source',
    traits: `
        envFrom: [{ type: config, sourceName: "" }]`,
    code: 'invalid-source-name',
    path: 'spec.components[0].traits.envFrom[0].sourceName',
    line: 11,
    message: /sourceName `` must not be empty; name the ConfigMap/,
  },
  {
    rule: 'resources are Kubernetes quantities',
    traits: `
        resources: { cpu: 500m, memory: 512MB }`,
    code: 'invalid-quantity',
    path: 'spec.components[0].traits.resources.memory',
    line: 11,
    message: /`512MB` is not a Kubernetes quantity.*\(`MB` is written `M`, or `Mi` for powers of 1024\)/,
  },
  {
    rule: 'limits are not below requests',
    traits: `
        resources:
          cpu: "1"
          limits: { cpu: 500m }`,
    code: 'limit-below-request',
    path: 'spec.components[0].traits.resources.limits.cpu',
    line: 13,
    message: /the cpu limit 500m is below the cpu request 1/,
  },
  {
    rule: 'persistent storage needs a size',
    traits: `
        storage: [{ type: persistent, mountPath: /data }]`,
    code: 'storage-size-required',
    path: 'spec.components[0].traits.storage[0]',
    line: 11,
    message: /persistent storage needs `size`/,
  },
  {
    rule: 'storage sizes are quantities',
    traits: `
        storage: [{ type: persistent, mountPath: /data, size: ten }]`,
    code: 'invalid-quantity',
    path: 'spec.components[0].traits.storage[0].size',
    line: 11,
    message: /`ten` is not a Kubernetes quantity/,
  },
  {
    rule: 'ephemeral storage needs a mountPath',
    traits: `
        storage: [{ type: ephemeral, name: scratch }]`,
    code: 'mount-path-required',
    path: 'spec.components[0].traits.storage[0]',
    line: 11,
    message: /add `mountPath`/,
  },
  {
    rule: 'host-mounted storage needs hostPath',
    traits: `
        storage: [{ type: host-mounted, mountPath: /host }]`,
    code: 'host-path-required',
    path: 'spec.components[0].traits.storage[0]',
    line: 11,
    message: /host-mounted storage needs `hostPath`/,
  },
  {
    rule: 'config storage needs sourceName or name',
    traits: `
        storage: [{ type: config, mountPath: /etc/app }]`,
    code: 'source-name-required',
    path: 'spec.components[0].traits.storage[0]',
    line: 11,
    message: /add `sourceName`: the ConfigMap to mount/,
  },
  {
    rule: 'storage fields of other types are rejected',
    traits: `
        storage: [{ type: ephemeral, mountPath: /tmp, hostPath: /var }]`,
    code: 'storage-field-not-applicable',
    path: 'spec.components[0].traits.storage[0].hostPath',
    line: 11,
    message: /`hostPath` applies only to host-mounted storage, and this one is ephemeral/,
  },
  {
    rule: 'probes have exactly one handler',
    traits: `
        probes:
          liveness: { httpGet: { path: /, port: 8080 }, tcpSocket: { port: 8080 } }`,
    code: 'probe-handler',
    path: 'spec.components[0].traits.probes.liveness',
    line: 12,
    message: /the liveness probe has `httpGet` and `tcpSocket`; keep exactly one/,
  },
  {
    rule: 'tolerations with Exists take no value',
    traits: `
        tolerations: [{ key: gpu, operator: Exists, value: "true" }]`,
    code: 'toleration-value',
    path: 'spec.components[0].traits.tolerations[0].value',
    line: 11,
    message: /operator Exists matches any value/,
  },
  {
    rule: 'autoscale min is not above max',
    traits: `
        autoscale: { min: 5, max: 2 }`,
    code: 'autoscale-range',
    path: 'spec.components[0].traits.autoscale.min',
    line: 11,
    message: /autoscale\.min \(5\) is above autoscale\.max \(2\)/,
  },
  {
    rule: 'autoscale does not apply to jobs',
    type: 'job',
    ports: '[]',
    traits: `
        autoscale: { min: 1, max: 2 }`,
    code: 'trait-not-applicable',
    path: 'spec.components[0].traits.autoscale',
    line: 11,
    message: /autoscale applies to webservice, worker and store components, and web is a job/,
  },
  {
    rule: 'ingress needs an exposed port',
    ports: '[{ port: 8080 }]',
    traits: `
        ingress: { host: shop.example.com }`,
    code: 'ingress-needs-port',
    path: 'spec.components[0].traits.ingress',
    line: 11,
    message: /ingress needs a port with `expose: true` on web/,
  },
  {
    rule: 'ingress.port names an exposed port',
    traits: `
        ingress: { host: shop.example.com, port: 9090 }`,
    code: 'ingress-port',
    path: 'spec.components[0].traits.ingress.port',
    line: 11,
    message: /ingress\.port `9090` is not an exposed port of web; exposed ports are 8080 \(tcp-8080\)/,
  },
  {
    rule: 'a Service port is taken once',
    ports:
      '[{ name: http, port: 8080, servicePort: 80, expose: true }, { name: admin, port: 9000, servicePort: 80, expose: true }]',
    traits: `
        envs: []`,
    code: 'duplicate-service-port',
    path: 'spec.components[0].ports[1].servicePort',
    line: 9,
    message:
      /Service port 80\/TCP is already taken by spec\.components\[0\]\.ports\[0\]\.servicePort; .* give this one another `servicePort`/,
  },
  {
    rule: 'an init container port cannot be exposed',
    traits: `
        init: [{ name: seed, image: busybox, ports: [{ port: 9999, expose: true }] }]`,
    code: 'expose-init-port',
    path: 'spec.components[0].traits.init[0].ports[0].expose',
    line: 11,
    message: /an init container finishes before the pod serves/,
  },
  {
    rule: 'ingress only on webservice and store',
    type: 'worker',
    traits: `
        ingress: { host: shop.example.com }`,
    code: 'trait-not-applicable',
    path: 'spec.components[0].traits.ingress',
    line: 11,
    message: /ingress applies to webservice and store components, and web is a worker/,
  },
  {
    rule: 'liveness and startup probes need successThreshold 1',
    traits: `
        probes: { liveness: { tcpSocket: { port: 8080 }, successThreshold: 2 } }`,
    code: 'probe-success-threshold',
    path: 'spec.components[0].traits.probes.liveness.successThreshold',
    line: 11,
    message: /the liveness probe's successThreshold must be 1/,
  },
  {
    rule: 'ingress.host has no scheme',
    traits: `
        ingress: { host: "https://shop.example.com" }`,
    code: 'invalid-ingress-host',
    path: 'spec.components[0].traits.ingress.host',
    line: 11,
    message:
      /ingress\.host `https:\/\/shop\.example\.com` must be a host name without a scheme, e\.g\. `shop\.example\.com`/,
  },
  {
    rule: 'ingress.host is not host:port',
    traits: `
        ingress: { host: "shop.example.com:8443" }`,
    code: 'invalid-ingress-host',
    path: 'spec.components[0].traits.ingress.host',
    line: 11,
    message: /must be a DNS name, not an IP address or host:port/,
  },
  {
    rule: 'ingress.path is absolute',
    traits: `
        ingress: { host: shop.example.com, path: api }`,
    code: 'invalid-ingress-path',
    path: 'spec.components[0].traits.ingress.path',
    line: 11,
    message: /ingress\.path `api` must be an absolute path, e\.g\. `\/api`/,
  },
  {
    rule: 'nodeSelector values are label values',
    traits: `
        nodeSelector: { pool: "gpu nodes" }`,
    code: 'invalid-label',
    path: 'spec.components[0].traits.nodeSelector.pool',
    line: 11,
    message: /nodeSelector value `gpu nodes` of `pool` must consist of letters, digits/,
  },
];

describe('trait rules', () => {
  it.each(cases)('$rule', ({ traits, type, ports, code, path, line, message, severity }) => {
    const found = withCode(webWith(traits, type, ports), code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path, line, severity: severity ?? 'error' });
    expect(found[0]!.message).toMatch(message);
  });

  it('accepts ingress.port given as the Service port, and a wildcard host', () => {
    const yaml = webWith(
      `
        ingress: { host: "*.shop.example.com", port: 80 }`,
      'webservice',
      '[{ name: http, port: 8080, servicePort: 80, expose: true }]',
    );
    expect(withCode(yaml, 'ingress-port')).toEqual([]);
    expect(withCode(yaml, 'invalid-ingress-host')).toEqual([]);
  });

  it('lists Service ports beside container ports when ingress.port matches neither', () => {
    const yaml = webWith(
      `
        ingress: { host: shop.example.com, port: 9090 }`,
      'webservice',
      '[{ name: http, port: 8080, servicePort: 80, expose: true }]',
    );
    expect(withCode(yaml, 'ingress-port')[0]?.message).toMatch(/exposed ports are 80→8080 \(http\)/);
  });

  it('GIVEN a sidecar proxy with an exposed port THEN an ingress may route to it, and its Service port counts as taken', () => {
    const yaml = webWith(
      `
        sidecar: [{ name: envoy, image: envoyproxy/envoy:v1.31.2, ports: [{ name: proxy, port: 10000, servicePort: 80, expose: true }] }]
        ingress: { host: shop.example.com, port: proxy }`,
      'webservice',
      '[{ name: http, port: 8080 }]',
    );
    expect(withCode(yaml, 'ingress-needs-port')).toEqual([]);
    expect(withCode(yaml, 'ingress-port')).toEqual([]);
    const clash = webWith(
      `
        sidecar: [{ name: envoy, image: envoyproxy/envoy:v1.31.2, ports: [{ name: proxy, port: 10000, servicePort: 8080, expose: true }] }]`,
    );
    expect(withCode(clash, 'duplicate-service-port')).toMatchObject([
      { path: 'spec.components[0].traits.sidecar[0].ports[0].servicePort' },
    ]);
  });

  it('warns when replicas lie outside the autoscale range', () => {
    const yaml = app(`
  components:
    - name: web
      type: webservice
      image: nginx
      replicas: 1
      traits:
        autoscale: { min: 2, max: 4 }
`);
    expect(withCode(yaml, 'replicas-with-autoscale')).toEqual([
      {
        path: 'spec.components[0].replicas',
        line: 9,
        severity: 'warning',
        message: expect.stringMatching(
          /replicas 1 is outside the autoscale range 2–4, so the autoscaler will change it to 2/,
        ),
      },
    ]);
  });
});
