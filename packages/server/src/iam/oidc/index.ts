import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { CoreTables } from '../../store/schema.js';
import { LoginTransactions } from './login-transaction.js';
import { OidcAccounts } from './oidc-accounts.js';
import { ProviderClient } from './provider-client.js';
import type { OidcRouteDeps } from './routes.js';
import { oidcSettingsOf } from './settings.js';
import { OidcSignIn } from './sign-in.js';

export { oidcMigration } from './migration.js';
export { registerOidcRoutes, type OidcRouteDeps } from './routes.js';
export { OIDC_CALLBACK_PATH, oidcSettingsOf, type OidcSettings } from './settings.js';
export { OidcAccounts } from './oidc-accounts.js';

/** The platform services OIDC sign-in is built from. */
export interface OidcWiringDeps {
  config: Config;
  db: Kysely<CoreTables>;
  secretBox: SecretBox;
  now: () => Date;
}

/**
 * Builds OIDC sign-in from the configuration; `undefined` when `BERTH_OIDC_ISSUER` is unset.
 * `ready` rejects when the OIDC tables are missing (call it before serving).
 */
export function oidcSignInOf(
  deps: OidcWiringDeps,
): (NonNullable<OidcRouteDeps['oidc']> & { ready(): Promise<void> }) | undefined {
  const settings = oidcSettingsOf(deps.config);
  if (!settings) return undefined;
  const issuer = settings.issuer.href.replace(/\/$/, '');
  const accounts = new OidcAccounts({
    db: deps.db,
    issuer,
    sessionTtlSeconds: deps.config.sessionTtlSeconds,
    adminGroupsConfigured: settings.adminGroups.length > 0,
    now: deps.now,
  });
  const signIn = new OidcSignIn({
    settings,
    provider: new ProviderClient(settings),
    accounts,
    transactions: new LoginTransactions(deps.secretBox, deps.now),
  });
  return {
    signIn,
    name: settings.name,
    issuer,
    secureCookies: settings.secureCookies,
    ready: () => accounts.assertSchema(),
  };
}
