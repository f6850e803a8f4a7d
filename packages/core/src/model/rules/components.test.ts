import { describe, expect, it } from 'vitest';
import { app, withCode } from '../../../test/model/support.js';

/**
 * GIVEN an application with one mistake WHEN it is validated THEN exactly the expected
 * problem comes out, at the path and line the user wrote it, with an actionable message.
 */
interface Case {
  rule: string;
  yaml: string;
  code: string;
  path: string;
  line: number;
  message: RegExp;
  severity?: 'error' | 'warning';
}

const cases: Case[] = [
  {
    rule: 'component names are DNS-1123 labels',
    yaml: app(`
  components:
    - { name: Web_1, type: webservice, image: nginx }
`),
    code: 'invalid-name',
    path: 'spec.components[0].name',
    line: 6,
    message: /component name `Web_1` must be a DNS-1123 label.*e\.g\. `web-1`/,
  },
  {
    rule: 'names are at most 63 characters',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        sidecar: [{ name: ${'a'.repeat(64)}, image: envoy }]
`),
    code: 'invalid-name',
    path: 'spec.components[0].traits.sidecar[0].name',
    line: 10,
    message: /sidecar container name .* must be at most 63 characters \(it has 64\)/,
  },
  {
    rule: 'port names are IANA service names',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      ports:
        - { name: http-web-frontend, port: 8080 }
`),
    code: 'invalid-name',
    path: 'spec.components[0].ports[0].name',
    line: 10,
    message: /port name `http-web-frontend` must be at most 15 characters/,
  },
  {
    rule: 'component names are unique',
    yaml: app(`
  components:
    - { name: web, type: webservice, image: nginx }
    - { name: web, type: worker, image: busybox }
`),
    code: 'duplicate-name',
    path: 'spec.components[1].name',
    line: 7,
    message: /component name `web` is already used at spec\.components\[0\]\.name/,
  },
  {
    rule: 'port numbers are unique per protocol in a component',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      ports:
        - { port: 8080, name: http }
        - { port: 8080, name: admin }
`),
    code: 'duplicate-port',
    path: 'spec.components[0].ports[1].port',
    line: 11,
    message: /port 8080\/TCP is already declared at spec\.components\[0\]\.ports\[0\]\.port/,
  },
  {
    rule: 'generated port names collide with explicit ones',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      ports:
        - { port: 8080 }
        - { port: 9090, name: tcp-8080 }
`),
    code: 'duplicate-port',
    path: 'spec.components[0].ports[1].name',
    line: 11,
    message: /port name `tcp-8080` is already used/,
  },
  {
    rule: 'volume names are unique, generated names included',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        storage:
          - { type: ephemeral, mountPath: /tmp }
          - { type: ephemeral, name: ephemeral-0, mountPath: /cache }
`),
    code: 'duplicate-volume',
    path: 'spec.components[0].traits.storage[1].name',
    line: 12,
    message: /volume name `ephemeral-0` is already used at spec\.components\[0\]\.traits\.storage\[0\]/,
  },
  {
    rule: 'mount paths are unique per container',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        storage:
          - { type: ephemeral, name: a, mountPath: /data }
          - { type: ephemeral, name: b, mountPath: /data/ }
`),
    code: 'duplicate-mount-path',
    path: 'spec.components[0].traits.storage[1].mountPath',
    line: 12,
    message: /the main container already mounts a volume at \/data\//,
  },
  {
    rule: 'mount paths are absolute',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        storage: [{ type: ephemeral, mountPath: cache }]
`),
    code: 'mount-path-absolute',
    path: 'spec.components[0].traits.storage[0].mountPath',
    line: 10,
    message: /mountPath `cache` must be an absolute path .* e\.g\. \/cache/,
  },
  {
    rule: 'sidecar mounts name a volume of the component',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        storage: [{ type: ephemeral, name: logs, mountPath: /var/log/app }]
        sidecar:
          - name: shipper
            image: fluent-bit
            mounts: [{ volume: log, mountPath: /logs }]
`),
    code: 'unknown-volume',
    path: 'spec.components[0].traits.sidecar[0].mounts[0].volume',
    line: 14,
    message: /no volume named `log` in this component; did you mean `logs`\?/,
  },
  {
    rule: 'dependsOn targets exist',
    yaml: app(`
  components:
    - { name: web, type: webservice, image: nginx, dependsOn: [db] }
    - { name: redis, type: store, image: redis, ports: [{ port: 6379 }] }
`),
    code: 'unknown-dependency',
    path: 'spec.components[0].dependsOn[0]',
    line: 6,
    message: /^no component named `db`; components are web, redis$/,
  },
  {
    rule: 'a component does not depend on itself',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      dependsOn: [web]
`),
    code: 'depends-on-self',
    path: 'spec.components[0].dependsOn[0]',
    line: 9,
    message: /component `web` cannot depend on itself/,
  },
  {
    rule: 'dependencies form no cycle, and the message names it',
    yaml: app(`
  components:
    - name: a
      type: worker
      image: busybox
      dependsOn: [b]
    - name: b
      type: worker
      image: busybox
      dependsOn: [c]
    - { name: c, type: worker, image: busybox, dependsOn: [a] }
`),
    code: 'dependency-cycle',
    path: 'spec.components[0].dependsOn',
    line: 9,
    message: /in a cycle: a → b → c → a/,
  },
  {
    rule: 'image is required for workloads',
    yaml: app(`
  components:
    - name: web
      type: webservice
`),
    code: 'image-required',
    path: 'spec.components[0]',
    line: 6,
    message: /add `image`: the container image web runs/,
  },
  {
    rule: 'image is forbidden for helm components, which need helm',
    yaml: app(`
  components:
    - name: chart
      type: helm
      image: nginx
      helm: { repoURL: https://git.example.com/charts.git, path: charts/shop }
`),
    code: 'image-not-allowed',
    path: 'spec.components[0].image',
    line: 8,
    message: /a helm component runs no image of its own; remove `image`/,
  },
  {
    rule: 'helm components need helm',
    yaml: app(`
  components:
    - { name: chart, type: helm }
`),
    code: 'helm-required',
    path: 'spec.components[0]',
    line: 6,
    message: /add `helm`: the chart to install/,
  },
  {
    rule: 'manifests components need objects, yaml or path',
    yaml: app(`
  components:
    - name: raw
      type: manifests
      manifests: {}
`),
    code: 'manifests-required',
    path: 'spec.components[0].manifests',
    line: 8,
    message: /manifests needs `objects`, `yaml` or `path`/,
  },
  {
    rule: 'inline manifest objects need apiVersion, kind and metadata.name',
    yaml: app(`
  components:
    - name: raw
      type: manifests
      manifests:
        objects:
          - { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }
          - { kind: ConfigMap, metadata: {} }
`),
    code: 'invalid-manifest',
    path: 'spec.components[0].manifests.objects[1]',
    line: 11,
    message: /object 1 lacks `apiVersion`, `metadata\.name`/,
  },
  {
    rule: 'cronjobs need a five-field schedule',
    yaml: app(`
  components:
    - name: report
      type: cronjob
      image: busybox
      cron: { schedule: "*/5 * * *" }
`),
    code: 'invalid-schedule',
    path: 'spec.components[0].cron.schedule',
    line: 9,
    message: /is not a cron schedule \(it has 4 fields\); write five fields/,
  },
  {
    rule: 'a cronjob time zone is an IANA name',
    yaml: app(`
  components:
    - name: report
      type: cronjob
      image: busybox
      cron: { schedule: "0 6 * * *", timeZone: Mars/Olympus }
`),
    code: 'invalid-time-zone',
    path: 'spec.components[0].cron.timeZone',
    line: 9,
    message: /unknown time zone `Mars\/Olympus`; use an IANA name such as `Europe\/Berlin`/,
  },
  {
    rule: 'a cronjob time zone is not Local',
    yaml: app(`
  components:
    - name: report
      type: cronjob
      image: busybox
      cron: { schedule: "0 6 * * *", timeZone: Local }
`),
    code: 'invalid-time-zone',
    path: 'spec.components[0].cron.timeZone',
    line: 9,
    message: /`Local` is not allowed/,
  },
  {
    rule: 'cronjobs need cron.schedule',
    yaml: app(`
  components:
    - { name: report, type: cronjob, image: busybox }
`),
    code: 'cron-required',
    path: 'spec.components[0]',
    line: 6,
    message: /a cronjob needs `cron\.schedule`/,
  },
  {
    rule: 'job settings only on job and cronjob',
    yaml: app(`
  components:
    - name: web
      type: webservice
      image: nginx
      job: { backoffLimit: 2 }
`),
    code: 'setting-not-applicable',
    path: 'spec.components[0].job',
    line: 9,
    message: /`job` settings apply only to job and cronjob components, and web is a webservice/,
  },
  {
    rule: 'replicas not on daemons',
    yaml: app(`
  components:
    - name: agent
      type: daemon
      image: agent
      replicas: 3
`),
    code: 'setting-not-applicable',
    path: 'spec.components[0].replicas',
    line: 9,
    message: /remove `replicas`: a daemon runs one pod per node/,
  },
  {
    rule: 'a store needs a port',
    yaml: app(`
  components:
    - { name: db, type: store, image: postgres }
`),
    code: 'store-needs-port',
    path: 'spec.components[0]',
    line: 6,
    message: /a store needs at least one port: its headless Service/,
  },
];

describe('component rules', () => {
  it('accepts IANA time zones and their aliases for a cronjob', () => {
    for (const zone of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'UTC', 'US/Eastern']) {
      const yaml = app(`
  components:
    - name: report
      type: cronjob
      image: busybox
      cron: { schedule: "0 6 * * *", timeZone: ${zone} }
`);
      expect(withCode(yaml, 'invalid-time-zone'), zone).toEqual([]);
    }
  });

  it.each(cases)('$rule', ({ yaml, code, path, line, message, severity }) => {
    const found = withCode(yaml, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path, line, severity: severity ?? 'error' });
    expect(found[0]!.message).toMatch(message);
  });
});
