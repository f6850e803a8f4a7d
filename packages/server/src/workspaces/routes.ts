import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../http/concurrency.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import { type Authorizer, WORKSPACE_ROLES } from '../iam/authorizer.js';
import { subjectOf } from '../iam/route-guard.js';
import { usernameSchema } from '../iam/users.js';
import { permissionsIn, WorkspaceActions } from './permissions.js';
import {
  createWorkspaceSchema,
  dnsLabelSchema,
  memberSchema,
  namespaceBindingSchema,
  updateWorkspaceSchema,
  workspaceSchema,
} from './schemas.js';
import type { WorkspaceService } from './workspace-service.js';

const inWorkspace = { workspaceFrom: 'params.workspace' } as const;
const workspaceParams = z.object({ workspace: dnsLabelSchema });
const tags = ['workspaces'];

/**
 * Workspace CRUD, members, namespace bindings and the caller's permissions under `/workspaces`.
 * Register it before the capabilities: it learns the workspace actions of the routes after it.
 */
export function registerWorkspaceRoutes(
  app: FastifyInstance,
  deps: { workspaces: WorkspaceService; authorizer: Authorizer },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { workspaces } = deps;
  const actions = new WorkspaceActions();
  actions.recordFrom(app);

  r.get(
    '/workspaces',
    {
      config: { authorize: { action: 'workspaces.list', check: 'filtered' } },
      schema: {
        tags,
        summary: 'List the workspaces you can see',
        querystring: pageQuerySchema,
        response: { 200: pageSchema(workspaceSchema) },
      },
    },
    async (request) => workspaces.list(subjectOf(request), request.query),
  );

  r.post(
    '/workspaces',
    {
      config: { authorize: { action: 'workspaces.create', nameFrom: 'body.name' } },
      schema: {
        tags,
        summary: 'Create a workspace',
        body: createWorkspaceSchema,
        response: { 201: workspaceSchema },
      },
    },
    async (request, reply) => {
      const created = await workspaces.create(request.body);
      setEtag(reply, created.resourceVersion);
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/workspaces/:workspace',
    {
      config: { authorize: { action: 'workspaces.read', ...inWorkspace, nameFrom: 'params.workspace' } },
      schema: {
        tags,
        summary: 'Read a workspace',
        params: workspaceParams,
        response: { 200: workspaceSchema },
      },
    },
    async (request, reply) => {
      const found = await workspaces.get(request.params.workspace);
      setEtag(reply, found.resourceVersion);
      return found;
    },
  );

  r.get(
    '/workspaces/:workspace/permissions',
    {
      config: { authorize: { action: 'workspaces.read', ...inWorkspace } },
      schema: {
        tags,
        summary: 'What you may do in the workspace: the actions allowed, and why the others are not',
        params: workspaceParams,
        response: {
          200: z.object({
            actions: z
              .array(z.string())
              .describe('workspace actions the caller is allowed, e.g. changes.merge'),
            denied: z.record(z.string(), z.string()).describe('each other workspace action → the reason'),
          }),
        },
      },
    },
    async (request) =>
      permissionsIn(deps.authorizer, subjectOf(request), request.params.workspace, actions.list()),
  );

  r.patch(
    '/workspaces/:workspace',
    {
      config: { authorize: { action: 'workspaces.update', ...inWorkspace, nameFrom: 'params.workspace' } },
      schema: {
        tags,
        summary: 'Update a workspace (send If-Match or resourceVersion)',
        params: workspaceParams,
        body: updateWorkspaceSchema,
        response: { 200: workspaceSchema },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request, request.body.resourceVersion);
      const updated = await workspaces.update(request.params.workspace, request.body, version);
      setEtag(reply, updated.resourceVersion);
      return updated;
    },
  );

  r.delete(
    '/workspaces/:workspace',
    {
      config: { authorize: { action: 'workspaces.delete', ...inWorkspace, nameFrom: 'params.workspace' } },
      schema: { tags, summary: 'Delete a workspace (If-Match optional)', params: workspaceParams },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      await workspaces.delete(request.params.workspace, ifMatch ? expectedVersion(request) : undefined);
      return reply.code(204).send();
    },
  );

  r.get(
    '/workspaces/:workspace/members',
    {
      config: { authorize: { action: 'members.list', ...inWorkspace } },
      schema: {
        tags,
        summary: 'List members',
        params: workspaceParams,
        response: { 200: z.object({ items: z.array(memberSchema) }) },
      },
    },
    async (request) => ({ items: await workspaces.members(request.params.workspace) }),
  );

  const memberParams = workspaceParams.extend({ username: usernameSchema });
  r.put(
    '/workspaces/:workspace/members/:username',
    {
      config: { authorize: { action: 'members.update', ...inWorkspace, nameFrom: 'params.username' } },
      schema: {
        tags,
        summary: 'Add a member or change their role',
        params: memberParams,
        body: z.strictObject({ role: z.enum(WORKSPACE_ROLES) }),
        response: { 200: memberSchema },
      },
    },
    async (request) =>
      workspaces.setMember(request.params.workspace, request.params.username, request.body.role),
  );

  r.delete(
    '/workspaces/:workspace/members/:username',
    {
      config: { authorize: { action: 'members.delete', ...inWorkspace, nameFrom: 'params.username' } },
      schema: { tags, summary: 'Remove a member', params: memberParams },
    },
    async (request, reply) => {
      await workspaces.removeMember(request.params.workspace, request.params.username);
      return reply.code(204).send();
    },
  );

  r.get(
    '/workspaces/:workspace/namespaces',
    {
      config: { authorize: { action: 'namespaces.list', ...inWorkspace } },
      schema: {
        tags,
        summary: 'Namespaces the workspace owns',
        params: workspaceParams,
        response: { 200: z.object({ items: z.array(namespaceBindingSchema) }) },
      },
    },
    async (request) => ({ items: await workspaces.namespacesOf(request.params.workspace) }),
  );

  const bindingParams = workspaceParams.extend(namespaceBindingSchema.shape);
  r.put(
    '/workspaces/:workspace/namespaces/:cluster/:namespace',
    {
      config: { authorize: { action: 'namespaces.bind', ...inWorkspace, nameFrom: 'params.namespace' } },
      schema: {
        tags,
        summary: 'Give a namespace of a cluster to the workspace',
        params: bindingParams,
        response: { 200: namespaceBindingSchema },
      },
    },
    async (request) => {
      const { workspace, ...binding } = request.params;
      return workspaces.bindNamespace(workspace, binding);
    },
  );

  r.delete(
    '/workspaces/:workspace/namespaces/:cluster/:namespace',
    {
      config: { authorize: { action: 'namespaces.unbind', ...inWorkspace, nameFrom: 'params.namespace' } },
      schema: { tags, summary: 'Take a namespace from the workspace', params: bindingParams },
    },
    async (request, reply) => {
      const { workspace, ...binding } = request.params;
      await workspaces.unbindNamespace(workspace, binding);
      return reply.code(204).send();
    },
  );
}
