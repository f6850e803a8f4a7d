import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../http/concurrency.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import {
  createUserSchema,
  updateUserSchema,
  type UserDirectory,
  usernameSchema,
  userSchema,
} from './users.js';

/** Users CRUD for platform admins under `/users`. */
export function registerUserRoutes(app: FastifyInstance, deps: { users: UserDirectory }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const params = z.object({ username: usernameSchema });
  const byName = { nameFrom: 'params.username' } as const;

  r.get(
    '/users',
    {
      config: { authorize: { action: 'users.list' } },
      schema: {
        tags,
        summary: 'List users',
        querystring: pageQuerySchema,
        response: { 200: pageSchema(userSchema) },
      },
    },
    async (request) => deps.users.list(request.query),
  );

  r.post(
    '/users',
    {
      config: { authorize: { action: 'users.create', nameFrom: 'body.username' } },
      schema: { tags, summary: 'Create a user', body: createUserSchema, response: { 201: userSchema } },
    },
    async (request, reply) => {
      const user = await deps.users.create(request.body);
      setEtag(reply, user.resourceVersion);
      return reply.code(201).send(user);
    },
  );

  r.get(
    '/users/:username',
    {
      config: { authorize: { action: 'users.read', ...byName } },
      schema: { tags, summary: 'Read a user', params, response: { 200: userSchema } },
    },
    async (request, reply) => {
      const user = await deps.users.get(request.params.username);
      setEtag(reply, user.resourceVersion);
      return user;
    },
  );

  r.patch(
    '/users/:username',
    {
      config: { authorize: { action: 'users.update', ...byName } },
      schema: {
        tags,
        summary: 'Update a user (send If-Match or resourceVersion)',
        params,
        body: updateUserSchema,
        response: { 200: userSchema },
      },
    },
    async (request, reply) => {
      const user = await deps.users.update(
        request.params.username,
        request.body,
        expectedVersion(request, request.body.resourceVersion),
      );
      setEtag(reply, user.resourceVersion);
      return user;
    },
  );

  r.delete(
    '/users/:username',
    {
      config: { authorize: { action: 'users.delete', ...byName } },
      schema: { tags, summary: 'Delete a user', params },
    },
    async (request, reply) => {
      await deps.users.delete(request.params.username);
      return reply.code(204).send();
    },
  );
}
