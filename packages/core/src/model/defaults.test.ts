import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withDefaults } from './defaults.js';
import { loadApplication } from './validate.js';
import { app } from '../../test/model/support.js';

function load(text: string) {
  const { application, problems } = loadApplication(text);
  expect(problems).toEqual([]);
  return application!;
}

describe('withDefaults', () => {
  it('writes out replicas, port names and protocols, delivery and restart policy', () => {
    const shop = load(readFileSync(new URL('../../test/model/shop.yaml', import.meta.url), 'utf8'));
    const full = withDefaults(shop);
    const [redis, migrate, web] = full.spec.components;
    expect(redis!.replicas).toBe(1);
    expect(redis!.ports).toEqual([
      { port: 6379, name: 'tcp-6379', protocol: 'TCP', servicePort: 6379, expose: false },
    ]);
    expect(migrate!.replicas).toBeUndefined();
    expect(web!.replicas).toBe(2);
    expect(full.spec.environments?.map((environment) => environment.delivery)).toEqual(['direct', 'gitops']);
    expect(full.spec.policies).toEqual({ imagePullPolicy: 'IfNotPresent', restartPolicy: 'Always' });
    expect(full.spec.workflow?.mode).toBe('serial');
  });

  it('generates storage names with the same scheme validation checks, and readOnly for config/secret', () => {
    const application = load(
      app(`
  components:
    - name: web
      type: webservice
      image: nginx
      traits:
        storage:
          - { type: ephemeral, mountPath: /tmp }
          - { type: config, sourceName: settings, mountPath: /etc/app }
          - { type: secret, name: tls, mountPath: /tls }
        sidecar:
          - { name: proxy, image: envoy, storage: [{ type: ephemeral, mountPath: /cache }] }
`),
    );
    const traits = withDefaults(application).spec.components[0]!.traits!;
    expect(traits.storage!.map((storage) => [storage.name, storage.readOnly, storage.sourceName])).toEqual([
      ['ephemeral-0', false, undefined],
      ['config-1', true, 'settings'],
      ['tls', true, 'tls'],
    ]);
    expect(traits.sidecar![0]!.storage![0]!.name).toBe('proxy-ephemeral-0');
    expect(withDefaults(application).spec.policies?.restartPolicy).toBe('OnFailure');
  });

  it('starts an autoscaled component at autoscale.min and leaves its input unchanged', () => {
    const application = load(
      app(`
  components:
    - { name: web, type: webservice, image: nginx, traits: { autoscale: { min: 3, max: 5 } } }
`),
    );
    const before = structuredClone(application);
    expect(withDefaults(application).spec.components[0]!.replicas).toBe(3);
    expect(application).toEqual(before);
  });
});
