/**
 * Row shapes of the tables created by the core migrations. Capabilities that add tables declare
 * their own row interfaces and use `store.db.withTables<TheirTables>()`.
 *
 * Conventions (both dialects): ids are text (see `newId`), timestamps are ISO-8601 text in UTC
 * (`toISOString()`, so they sort as text), flags are integers 0/1, resource versions are integers
 * in the store and opaque strings on the API.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  platform_admin: number;
  must_change_password: number;
  disabled: number;
  resource_version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie value; the value itself is never stored. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 (hex) of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  display_name: string;
  description: string;
  resource_version: number;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface WorkspaceNamespacesTable {
  workspace_id: string;
  cluster: string;
  namespace: string;
  created_at: string;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  resource_kind: string;
  resource_name: string | null;
  workspace: string | null;
  result: string;
  status: number | null;
  request_id: string | null;
  source_ip: string | null;
  detail: string | null;
}

export interface SecretsTable {
  id: string;
  /** What owns the secret, e.g. `cluster`; with `name` it is unique. */
  scope: string;
  name: string;
  key_id: string;
  wrapped_key: string;
  nonce: string;
  ciphertext: string;
  created_at: string;
  updated_at: string;
}

/** The tables of the core migrations. */
export interface CoreTables {
  users: UsersTable;
  sessions: SessionsTable;
  access_tokens: AccessTokensTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  workspace_namespaces: WorkspaceNamespacesTable;
  audit_events: AuditEventsTable;
  secrets: SecretsTable;
}
