import type { FastifyInstance } from 'fastify';
import { resourceOf } from '../iam/route-guard.js';
import type { AuditLog } from './audit-log.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Audits every mutating request centrally, from the route's `authorize` declaration, just before
 * the response goes out (so a client that saw the response can find its event). Routes that
 * declare `audit: false` record on their own (login).
 */
export function installAuditHook(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.config.authorize;
    if (!MUTATING.has(request.method) || !declared?.action || declared.audit === false) return payload;
    const resource = resourceOf(request);
    if (!resource) return payload;
    const status = reply.statusCode;
    try {
      await audit.record({
        actor: request.subject ? { id: request.subject.userId, username: request.subject.username } : null,
        action: declared.action,
        resource,
        result:
          status < 400
            ? 'success'
            : status === 401 || status === 403 || status === 429
              ? 'denied'
              : 'failure',
        status,
        requestId: String(request.id),
        sourceIp: request.ip,
      });
    } catch (error) {
      request.log.error({ err: error }, 'could not write the audit event');
    }
    return payload;
  });
}
