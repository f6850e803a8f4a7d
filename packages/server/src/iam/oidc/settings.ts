import type { Config } from '../../config.js';

/** Path of the OIDC callback under the public URL; register it as the client's redirect URI. */
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** What OIDC sign-in needs to know, derived from {@link Config}. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** Absent for a public client (PKCE only). Never log it. */
  clientSecret?: string;
  /** The label of the console's sign-in button. */
  name: string;
  scopes: string[];
  usernameClaim: string;
  groupsClaim: string;
  adminGroups: string[];
  /** `<BERTH_PUBLIC_URL>/api/v1/auth/oidc/callback`. */
  redirectUri: URL;
  /** Login cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
}

/** The OIDC settings of a configuration; `undefined` when `BERTH_OIDC_ISSUER` is not set. */
export function oidcSettingsOf(config: Config): OidcSettings | undefined {
  if (!config.oidcIssuer || !config.oidcClientId || !config.publicUrl) return undefined;
  const redirectUri = new URL(config.publicUrl.replace(/\/+$/, '') + OIDC_CALLBACK_PATH);
  return {
    issuer: new URL(config.oidcIssuer),
    clientId: config.oidcClientId,
    ...(config.oidcClientSecret ? { clientSecret: config.oidcClientSecret } : {}),
    name: config.oidcName,
    scopes: config.oidcScopes,
    usernameClaim: config.oidcUsernameClaim,
    groupsClaim: config.oidcGroupsClaim,
    adminGroups: config.oidcAdminGroups,
    redirectUri,
    secureCookies: redirectUri.protocol === 'https:',
  };
}
