import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import type { Authorizer } from '../iam/authorizer.js';
import { subjectOf } from '../iam/route-guard.js';
import { type AuditLog, auditEventSchema, auditQuerySchema } from './audit-log.js';

/** `GET /audit`: platform admins see every event, workspace owners their workspaces'. */
export function registerAuditRoutes(
  app: FastifyInstance,
  deps: { audit: AuditLog; authorizer: Authorizer },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      config: { authorize: { action: 'audit.list', check: 'filtered' } },
      schema: {
        tags: ['audit'],
        summary: 'Query the audit log, newest first',
        querystring: pageQuerySchema.extend(auditQuerySchema.shape),
        response: { 200: pageSchema(auditEventSchema) },
      },
    },
    async (request) => {
      const { limit, continue: token, ...filters } = request.query;
      const scope = await deps.authorizer.scopeOf(subjectOf(request), 'audit.list');
      return deps.audit.query(scope, filters, { limit, continue: token });
    },
  );
}
