import type { Kysely } from 'kysely';
import { z } from 'zod';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import type { ListScope } from '../iam/authorizer.js';
import { newId } from '../store/ids.js';
import type { AuditEventsTable, CoreTables } from '../store/schema.js';

/** How an audited attempt ended: done, refused by authentication/authorization, or failed. */
export const AUDIT_RESULTS = ['success', 'denied', 'failure'] as const;

/** One audit event as the API shows it. */
export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  resourceKind: z.string(),
  resourceName: z.string().nullable(),
  workspace: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  status: z.number().nullable(),
  requestId: z.string().nullable(),
  sourceIp: z.string().nullable(),
  detail: z.string().nullable(),
});

/** One audit event. */
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** What {@link AuditLog.record} takes. */
export interface AuditRecord {
  actor?: { id: string; username: string } | null;
  /** Who it was, when there is no known user (a failed login's username). */
  actorName?: string;
  action: string;
  resource: { kind: string; name?: string; workspace?: string };
  result: AuditEvent['result'];
  status?: number;
  requestId?: string;
  sourceIp?: string;
  detail?: string;
}

/** Filters of the audit query; `resource` is `kind` or `kind/name`. */
export const auditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  workspace: z.string().max(200).optional(),
  resource: z.string().max(400).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

/** Audit query filters. */
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The audit log: append-only, queried newest first. */
export class AuditLog {
  constructor(private readonly deps: { db: Kysely<CoreTables>; now?: () => Date }) {}

  /** Appends an event. */
  async record(event: AuditRecord): Promise<void> {
    const at = this.deps.now?.() ?? new Date();
    const row: AuditEventsTable = {
      id: newId(at.getTime()),
      at: at.toISOString(),
      actor_id: event.actor?.id ?? null,
      actor_name: event.actor?.username ?? event.actorName ?? null,
      action: event.action,
      resource_kind: event.resource.kind,
      resource_name: event.resource.name ?? null,
      workspace: event.resource.workspace ?? null,
      result: event.result,
      status: event.status ?? null,
      request_id: event.requestId ?? null,
      source_ip: event.sourceIp ?? null,
      detail: event.detail ?? null,
    };
    await this.deps.db.insertInto('audit_events').values(row).execute();
  }

  /** Events matching `filters` within `scope`, newest first. */
  async query(scope: ListScope, filters: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>> {
    let q = this.deps.db.selectFrom('audit_events').selectAll();
    if (!scope.all) {
      if (scope.workspaces.length === 0) return { items: [] };
      q = q.where('workspace', 'in', scope.workspaces);
    }
    if (filters.actor) q = q.where('actor_name', '=', filters.actor);
    if (filters.action) q = q.where('action', '=', filters.action);
    if (filters.workspace) q = q.where('workspace', '=', filters.workspace);
    if (filters.result) q = q.where('result', '=', filters.result);
    if (filters.since) q = q.where('at', '>=', new Date(filters.since).toISOString());
    if (filters.until) q = q.where('at', '<', new Date(filters.until).toISOString());
    if (filters.resource) {
      const [kind, ...name] = filters.resource.split('/');
      q = q.where('resource_kind', '=', kind!);
      if (name.length > 0) q = q.where('resource_name', '=', name.join('/'));
    }
    const result = await keysetPage(q, { sort: 'at', id: 'id', descending: true }, page);
    return { ...result, items: result.items.map(toEvent) };
  }
}

function toEvent(row: AuditEventsTable): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor_name,
    action: row.action,
    resourceKind: row.resource_kind,
    resourceName: row.resource_name,
    workspace: row.workspace,
    result: row.result as AuditEvent['result'],
    status: row.status,
    requestId: row.request_id,
    sourceIp: row.source_ip,
    detail: row.detail,
  };
}
