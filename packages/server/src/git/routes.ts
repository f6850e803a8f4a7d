import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { subjectOf } from '../iam/route-guard.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import {
  branchSchema,
  changeRequestDetailSchema,
  changeRequestListItemSchema,
  changeRequestSchema,
  checkSchema,
  commentSchema,
  createRepositorySchema,
  mergeInputSchema,
  openChangeRequestSchema,
  readTokenSchema,
  repositoryListItemSchema,
  repositorySchema,
  reviewInputSchema,
  reviewSchema,
} from './schemas.js';
import type { WorkspaceRepositories } from './workspace-repositories.js';

const tags = ['git'];
const ws = { workspaceFrom: 'params.workspace', nameFrom: 'params.repo' } as const;
/** An embedded repository's name, or `github:<owner>:<repo>` (see `github/github-address.ts`). */
const repoParams = z.object({ workspace: dnsLabelSchema, repo: z.string().max(160) });
const crParams = repoParams.extend({ number: z.coerce.number().int().positive() });
const BASE = '/workspaces/:workspace/git/repositories';
const CR = `${BASE}/:repo/change-requests/:number`;

/** Repositories of a workspace (embedded, and granted GitHub ones), read tokens and change requests. */
export function registerGitRoutes(app: FastifyInstance, deps: { repositories: WorkspaceRepositories }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { repositories } = deps;

  r.get(
    BASE,
    {
      config: { authorize: { action: 'gitrepos.list', workspaceFrom: 'params.workspace' } },
      schema: {
        tags,
        summary:
          'List the workspace’s repositories: its embedded ones, and the GitHub repositories whose own credentials grant it',
        params: z.object({ workspace: dnsLabelSchema }),
        response: { 200: z.object({ items: z.array(repositoryListItemSchema) }) },
      },
    },
    async (request) => ({ items: await repositories.list(request.params.workspace) }),
  );

  r.post(
    BASE,
    {
      config: {
        authorize: { action: 'gitrepos.create', workspaceFrom: 'params.workspace', nameFrom: 'body.name' },
      },
      schema: {
        tags,
        summary: 'Create an embedded repository',
        params: z.object({ workspace: dnsLabelSchema }),
        body: createRepositorySchema,
        response: { 201: repositorySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await repositories.create(request.params.workspace, request.body)),
  );

  r.get(
    `${BASE}/:repo`,
    {
      config: { authorize: { action: 'gitrepos.read', ...ws } },
      schema: {
        tags,
        summary: 'Read an embedded repository',
        params: repoParams,
        response: { 200: repositorySchema },
      },
    },
    async (request) => repositories.get(request.params.workspace, request.params.repo),
  );

  r.get(
    `${BASE}/:repo/branches`,
    {
      config: { authorize: { action: 'gitrepos.read', ...ws } },
      schema: {
        tags,
        summary: 'List branches',
        params: repoParams,
        response: { 200: z.object({ items: z.array(branchSchema) }) },
      },
    },
    async (request) => ({
      items: await repositories.branches(request.params.workspace, request.params.repo),
    }),
  );

  r.post(
    `${BASE}/:repo/read-tokens`,
    {
      config: { authorize: { action: 'gitrepos.token', ...ws } },
      schema: {
        tags,
        summary: 'Create a read token for git clients (shown once)',
        params: repoParams,
        body: z.strictObject({ name: z.string().min(1).max(100) }),
        response: { 201: readTokenSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await repositories.createReadToken(
            request.params.workspace,
            request.params.repo,
            request.body.name,
          ),
        ),
  );

  r.get(
    `${BASE}/:repo/read-tokens`,
    {
      config: { authorize: { action: 'gitrepos.token', ...ws } },
      schema: {
        tags,
        summary: 'List read tokens',
        params: repoParams,
        response: { 200: z.object({ items: z.array(readTokenSchema) }) },
      },
    },
    async (request) => ({
      items: await repositories.readTokens(request.params.workspace, request.params.repo),
    }),
  );

  r.delete(
    `${BASE}/:repo/read-tokens/:id`,
    {
      config: { authorize: { action: 'gitrepos.token', ...ws } },
      schema: { tags, summary: 'Revoke a read token', params: repoParams.extend({ id: z.string().max(40) }) },
    },
    async (request, reply) => {
      await repositories.revokeReadToken(request.params.workspace, request.params.repo, request.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    `${BASE}/:repo/change-requests`,
    {
      config: { authorize: { action: 'changes.list', ...ws } },
      schema: {
        tags,
        summary: 'List change requests, each with its checks and the application it delivers',
        params: repoParams,
        querystring: z.object({ state: z.enum(['open', 'merged', 'closed']).optional() }),
        response: { 200: z.object({ items: z.array(changeRequestListItemSchema) }) },
      },
    },
    async (request) => ({
      items: await repositories.changeRequests(
        request.params.workspace,
        request.params.repo,
        request.query.state,
      ),
    }),
  );

  r.post(
    `${BASE}/:repo/change-requests`,
    {
      config: { authorize: { action: 'changes.create', ...ws } },
      schema: {
        tags,
        summary: 'Open a change request',
        params: repoParams,
        body: openChangeRequestSchema,
        response: { 201: changeRequestSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await repositories.open(
            request.params.workspace,
            request.params.repo,
            subjectOf(request),
            request.body,
          ),
        ),
  );

  r.get(
    CR,
    {
      config: { authorize: { action: 'changes.read', ...ws } },
      schema: {
        tags,
        summary: 'Read a change request: diff, comments, reviews, checks, conflicts',
        params: crParams,
        response: { 200: changeRequestDetailSchema },
      },
    },
    async (request) =>
      repositories.changeRequest(request.params.workspace, request.params.repo, request.params.number),
  );

  r.post(
    `${CR}/comments`,
    {
      config: { authorize: { action: 'changes.comment', ...ws } },
      schema: {
        tags,
        summary: 'Comment on a change request',
        params: crParams,
        body: z.strictObject({ body: z.string().min(1).max(100_000) }),
        response: { 201: commentSchema },
      },
    },
    async (request, reply) => {
      const { workspace, repo, number } = request.params;
      return reply
        .code(201)
        .send(await repositories.comment(workspace, repo, number, subjectOf(request), request.body.body));
    },
  );

  r.post(
    `${CR}/reviews`,
    {
      config: { authorize: { action: 'changes.review', ...ws } },
      schema: {
        tags,
        summary: 'Approve or request changes',
        params: crParams,
        body: reviewInputSchema,
        response: { 201: reviewSchema },
      },
    },
    async (request, reply) => {
      const { workspace, repo, number } = request.params;
      return reply
        .code(201)
        .send(await repositories.review(workspace, repo, number, subjectOf(request), request.body));
    },
  );

  r.put(
    `${CR}/checks/:name`,
    {
      config: { authorize: { action: 'changes.check', ...ws } },
      schema: {
        tags,
        summary: 'Set a check (e.g. the validation result)',
        params: crParams.extend({ name: z.string().min(1).max(100) }),
        body: checkSchema.pick({ status: true, summary: true }).strict(),
        response: { 200: checkSchema },
      },
    },
    async (request) => {
      const { workspace, repo, number, name } = request.params;
      return repositories.setCheck(workspace, repo, number, { name, ...request.body });
    },
  );

  r.post(
    `${CR}/merge`,
    {
      config: { authorize: { action: 'changes.merge', ...ws } },
      schema: {
        tags,
        summary: 'Merge (fast-forward or merge commit); 409 when it conflicts',
        params: crParams,
        body: mergeInputSchema,
        response: { 200: z.object({ sha: z.string(), method: z.enum(['fast-forward', 'merge-commit']) }) },
      },
    },
    async (request) => {
      const { workspace, repo, number } = request.params;
      return repositories.merge(workspace, repo, number, subjectOf(request), request.body);
    },
  );

  r.post(
    `${CR}/close`,
    {
      config: { authorize: { action: 'changes.close', ...ws } },
      schema: {
        tags,
        summary: 'Close without merging',
        params: crParams,
        response: { 200: changeRequestSchema },
      },
    },
    async (request) => {
      const { workspace, repo, number } = request.params;
      return repositories.close(workspace, repo, number, subjectOf(request));
    },
  );
}
