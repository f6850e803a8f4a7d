/** A small application as a user would write it. */
export function shopYaml(image = 'ghcr.io/acme/shop:1.4.0', extra = ''): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: shop
  labels: { team: web }
spec:
  components:
    - name: web
      type: webservice
      image: ${image}
      replicas: 2
      ports: [{ port: 8080, expose: true }]
${extra}  environments:
    - { name: dev, cluster: sandbox, namespace: shop-dev }
    - { name: prod, cluster: prod-1, namespace: shop, delivery: gitops }
`;
}
