/** Fixtures of the repocheck tests. */

/** A sound chart with a values schema and dev/prod overlays, as a team would push it. */
export const GOOD_CHART: Record<string, string> = {
  'charts/shop/Chart.yaml':
    'apiVersion: v2\nname: shop\nversion: 1.4.0\ndependencies:\n  - name: redis\n    version: 17.x\n    repository: https://charts.bitnami.com/bitnami\n',
  'charts/shop/values.yaml': 'replicaCount: 1\nimage:\n  repository: ghcr.io/acme/shop\n  tag: "1.4.0"\n',
  'charts/shop/values.schema.json': JSON.stringify(
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['image'],
      properties: {
        replicaCount: { type: 'integer', minimum: 1 },
        image: {
          type: 'object',
          required: ['repository', 'tag'],
          properties: { repository: { type: 'string' }, tag: { type: 'string' } },
          additionalProperties: false,
        },
      },
    },
    null,
    2,
  ),
  'charts/shop/templates/deployment.yaml': 'kind: Deployment\n',
  'charts/shop/overlays/dev/values.yaml': 'replicaCount: 1\n',
  'charts/shop/overlays/prod/values.yaml': 'replicaCount: 4\nimage:\n  tag: "1.4.0"\n',
  'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
  'deploy/base/deployment.yaml': 'kind: Deployment\n',
  'deploy/base/service.yaml': 'kind: Service\n',
  'deploy/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: replicas.yaml\n',
  'deploy/prod/replicas.yaml': 'kind: Deployment\n',
};
