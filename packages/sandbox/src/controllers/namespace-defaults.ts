/**
 * What kube-controller-manager puts in every namespace: the `default` ServiceAccount (service
 * account controller) and the `kube-root-ca.crt` ConfigMap (root CA publisher). Recreated when
 * deleted, skipped for terminating namespaces.
 */
import type { ControllerContext } from './context.js';
import { isConflict, isNotFound } from './objects.js';
import { WorkQueue } from './queue.js';

/** A placeholder cluster CA certificate (PEM) published in every namespace. */
export const SANDBOX_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhiZXJ0aC1z
YW5kYm94LWNhQDE3MzU2ODk2MDAwHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAxMDAw
MDAwWjAjMSEwHwYDVQQDDBhiZXJ0aC1zYW5kYm94LWNhQDE3MzU2ODk2MDAwWTAT
BgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ7bGx0ZXN0LXNhbmRib3gtY2EtcGxhY2Vo
b2xkZXItbm90LWEtcmVhbC1rZXkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAo0Iw
QDAOBgNVHQ8BAf8EBAMCAqQwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUAAAA
AAAAAAAAAAAAAAAAAAAAAAAwCgYIKoZIzj0EAwIDSAAwRQIgAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAACIQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAA==
-----END CERTIFICATE-----
`;

/** Keeps the default ServiceAccount and kube-root-ca.crt in every active namespace. */
export class NamespaceDefaults {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ name: 'namespace-defaults', clock: ctx.clock, reconcile: (k) => this.sync(k), onError: ctx.onError });
  }

  start(): void {
    const { informers, kinds } = this.ctx;
    if (!kinds.namespaces) return;
    const namespaces = informers.for(kinds.namespaces);
    namespaces.onChange((type, ns) => type !== 'DELETED' && this.queue.add(ns.metadata.name ?? ''));
    const watchDeletes = (t: typeof kinds.serviceAccounts, name: string) => {
      if (!t) return;
      informers.for(t).onChange((type, obj) => {
        if (type === 'DELETED' && obj.metadata.name === name && obj.metadata.namespace) this.queue.add(obj.metadata.namespace);
      });
    };
    watchDeletes(kinds.serviceAccounts, 'default');
    watchDeletes(kinds.configMaps, 'kube-root-ca.crt');
    for (const ns of namespaces.list()) this.queue.add(ns.metadata.name ?? '');
  }

  stop(): void {
    this.queue.stop();
  }

  private sync(name: string): void {
    const { store, kinds } = this.ctx;
    const ns = store.get(kinds.namespaces!, undefined, name);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    const ensure = (type: typeof kinds.serviceAccounts, obj: Parameters<typeof store.create>[1]) => {
      if (!type || store.get(type, name, obj.metadata.name ?? '')) return;
      try {
        store.create(type, obj);
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e) && (e as { code?: number }).code !== 403) throw e;
      }
    };
    ensure(kinds.serviceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    ensure(kinds.configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
      data: { 'ca.crt': SANDBOX_CA_PEM },
    });
  }
}
