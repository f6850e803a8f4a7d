/**
 * @berth/server — the control plane. Capabilities plug in through `Capability` (app.ts) and
 * use the platform services in `PlatformDeps`; see the README of each folder for details.
 */
export { buildApp, platformCapabilities, DOCS_PREFIX, type Capability, type PlatformDeps } from './app.js';
export { createPlatform, type PlatformOptions } from './platform.js';
export { Lifecycle, type StartedInfo } from './lifecycle.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { start } from './main.js';

export * from './store/index.js';

export * from './http/errors.js';
export { problem, sendProblem, problemSchema, pointerToPath, type Problem } from './http/problem.js';
export { expectedVersion, setEtag, etagOf, staleVersion, resourceVersionSchema } from './http/concurrency.js';
export {
  keysetPage,
  pageQuerySchema,
  pageSchema,
  encodeCursor,
  decodeCursor,
  MAX_PAGE_SIZE,
  type Page,
  type PageRequest,
} from './http/pagination.js';

export {
  RoleAuthorizer,
  requirementOf,
  WORKSPACE_ROLES,
  type Authorizer,
  type Decision,
  type ListScope,
  type MembershipSource,
  type ResourceRef,
  type Subject,
  type WorkspaceRole,
} from './iam/authorizer.js';
export {
  subjectOf,
  fieldOf,
  resourceOf,
  type RouteAuthorization,
  type RequestField,
} from './iam/route-guard.js';
export { Authentication } from './iam/authentication.js';
export { UserDirectory } from './iam/users.js';

export { WorkspaceService } from './workspaces/workspace-service.js';
export { dnsLabelSchema, type Workspace, type Member, type NamespaceBinding } from './workspaces/schemas.js';

export { AuditLog, type AuditEvent, type AuditRecord } from './audit/audit-log.js';

export { SecretBox, SecretTamperedError, type SealedSecret } from './secrets/secret-box.js';
export { SecretStore } from './secrets/secret-store.js';

export { loggerOptions, REDACTED_PATHS } from './observe/logger.js';
