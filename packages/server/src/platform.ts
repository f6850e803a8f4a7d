import pino, { type Logger } from 'pino';
import type { Capability, PlatformDeps } from './app.js';
import { AuditLog } from './audit/audit-log.js';
import type { Config } from './config.js';
import { Authentication } from './iam/authentication.js';
import { RoleAuthorizer } from './iam/authorizer.js';
import { LoginThrottle, type ThrottleLimits } from './iam/login-throttle.js';
import type { ScryptParams } from './iam/password.js';
import { UserDirectory } from './iam/users.js';
import { Lifecycle } from './lifecycle.js';
import { createMetricsRegistry } from './observe/metrics.js';
import { loggerOptions } from './observe/logger.js';
import { resolveMasterKey } from './secrets/master-key.js';
import { SecretBox } from './secrets/secret-box.js';
import { SecretStore } from './secrets/secret-store.js';
import { openStore } from './store/open-store.js';
import { StoredMemberships } from './workspaces/memberships.js';
import { WorkspaceService } from './workspaces/workspace-service.js';

/** Options of {@link createPlatform}, mostly for tests. */
export interface PlatformOptions {
  logger?: Logger;
  capabilities?: readonly Capability[];
  now?: () => Date;
  scrypt?: ScryptParams;
  loginLimits?: ThrottleLimits;
  /** SQLite file name in the data dir (`:memory:` for tests). */
  sqliteFile?: string;
}

/**
 * Opens the store (running every migration), resolves the master key and wires the platform
 * services. The caller owns the result: close it with `deps.store.close()`.
 */
export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<PlatformDeps> {
  const logger = options.logger ?? pino(loggerOptions(config.logLevel));
  const now = options.now ?? (() => new Date());
  const master = resolveMasterKey(config);
  if (master.source === 'generated') {
    logger.warn(
      { file: master.file },
      'generated a new master key (mode 0600); back it up, stored secrets cannot be read without it',
    );
  }
  const store = await openStore(
    {
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      dataDir: config.dataDir,
      ...(options.sqliteFile ? { sqliteFile: options.sqliteFile } : {}),
    },
    { migrations: (options.capabilities ?? []).flatMap((c) => c.migrations ?? []) },
  );
  const { db } = store;
  const secretBox = new SecretBox(master.key);
  const memberships = new StoredMemberships(db);
  const authorizer = new RoleAuthorizer(memberships);
  const throttle = new LoginThrottle(options.loginLimits, () => now().getTime());
  return {
    config,
    store,
    logger,
    metrics: createMetricsRegistry(),
    secretBox,
    secrets: new SecretStore({ db, box: secretBox, now }),
    audit: new AuditLog({ db, now }),
    authorizer,
    memberships,
    authentication: new Authentication({
      db,
      throttle,
      sessionTtlSeconds: config.sessionTtlSeconds,
      now,
      ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    }),
    users: new UserDirectory({ db, now, ...(options.scrypt ? { scrypt: options.scrypt } : {}) }),
    workspaces: new WorkspaceService({ db, authorizer, now }),
    lifecycle: new Lifecycle(logger),
    now,
  };
}
