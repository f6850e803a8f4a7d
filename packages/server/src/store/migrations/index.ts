import { identityMigration } from './0001_identity.js';
import { workspacesMigration } from './0002_workspaces.js';
import { auditSecretsMigration } from './0003_audit_secrets.js';
import { oidcMigration } from '../../iam/oidc/index.js';
import type { BerthMigration } from './migration.js';

export type { BerthMigration, StoreDialect } from './migration.js';

/**
 * The platform's own migrations, in order. A capability adds its tables by listing its
 * migrations in its `Capability.migrations` (see `app.ts`); they run after these, ordered by name,
 * so name them `0100_apps_...`, `0200_workflow_...` and so on, each capability in its own range.
 */
export const coreMigrations: readonly BerthMigration[] = [
  identityMigration,
  workspacesMigration,
  auditSecretsMigration,
  oidcMigration,
];
