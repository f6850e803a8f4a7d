import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../http/concurrency.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import { subjectOf } from '../iam/route-guard.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import type { ClusterService } from './cluster-service.js';
import {
  clusterSchema,
  namespaceSchema,
  nodesSummarySchema,
  registerClusterSchema,
  updateClusterSchema,
} from './schemas.js';

const tags = ['clusters'];
const params = z.object({ cluster: dnsLabelSchema });
const byName = { nameFrom: 'params.cluster', check: 'filtered' } as const;

/**
 * Cluster routes under `/clusters`. Reads and per-cluster actions are `filtered`: the service
 * answers 404 for clusters the caller may not see, then asks the authorizer for the action.
 */
export function registerClusterRoutes(app: FastifyInstance, deps: { clusters: ClusterService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { clusters } = deps;

  r.get(
    '/clusters',
    {
      config: { authorize: { action: 'clusters.list', check: 'filtered' } },
      schema: {
        tags,
        summary: 'List the clusters you can see',
        querystring: pageQuerySchema,
        response: { 200: pageSchema(clusterSchema) },
      },
    },
    async (request) => clusters.list(subjectOf(request), request.query),
  );

  r.post(
    '/clusters',
    {
      config: { authorize: { action: 'clusters.create', nameFrom: 'body.name' } },
      schema: {
        tags,
        summary: 'Register a cluster by kubeconfig (checked, then sealed; never returned)',
        body: registerClusterSchema,
        response: { 201: clusterSchema },
      },
    },
    async (request, reply) => {
      const created = await clusters.register(request.body);
      setEtag(reply, created.resourceVersion);
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/clusters/:cluster',
    {
      config: { authorize: { action: 'clusters.read', ...byName } },
      schema: { tags, summary: 'Read a cluster', params, response: { 200: clusterSchema } },
    },
    async (request, reply) => {
      const found = await clusters.get(subjectOf(request), request.params.cluster);
      setEtag(reply, found.resourceVersion);
      return found;
    },
  );

  r.patch(
    '/clusters/:cluster',
    {
      config: { authorize: { action: 'clusters.update', ...byName } },
      schema: {
        tags,
        summary: 'Rename a cluster or replace its kubeconfig (send If-Match or resourceVersion)',
        params,
        body: updateClusterSchema,
        response: { 200: clusterSchema },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request, request.body.resourceVersion);
      const updated = await clusters.update(
        subjectOf(request),
        request.params.cluster,
        request.body,
        version,
      );
      setEtag(reply, updated.resourceVersion);
      return updated;
    },
  );

  r.delete(
    '/clusters/:cluster',
    {
      config: { authorize: { action: 'clusters.delete', ...byName } },
      schema: { tags, summary: 'Remove a cluster from Berth (its objects stay)', params },
    },
    async (request, reply) => {
      await clusters.delete(subjectOf(request), request.params.cluster);
      return reply.code(204).send();
    },
  );

  r.post(
    '/clusters/:cluster/check',
    {
      config: { authorize: { action: 'clusters.check', ...byName } },
      schema: {
        tags,
        summary: 'Check connectivity and version now',
        params,
        response: { 200: clusterSchema },
      },
    },
    async (request) => clusters.check(subjectOf(request), request.params.cluster),
  );

  r.get(
    '/clusters/:cluster/nodes',
    {
      config: { authorize: { action: 'clusters.read', ...byName } },
      schema: {
        tags,
        summary: 'Nodes: count, readiness, capacity and allocatable (incl. GPUs), node groups',
        params,
        response: { 200: nodesSummarySchema },
      },
    },
    async (request) => clusters.nodes(subjectOf(request), request.params.cluster),
  );

  r.get(
    '/clusters/:cluster/namespaces',
    {
      config: { authorize: { action: 'clusters.read', ...byName } },
      schema: {
        tags,
        summary: 'Namespaces of the cluster (non-admins: their workspaces’ only)',
        params,
        response: { 200: z.object({ items: z.array(namespaceSchema) }) },
      },
    },
    async (request) => ({ items: await clusters.namespaces(subjectOf(request), request.params.cluster) }),
  );
}
