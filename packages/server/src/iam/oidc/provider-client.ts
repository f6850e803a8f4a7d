import * as oidc from 'openid-client';
import { OidcSignInError } from './sign-in-error.js';
import type { OidcSettings } from './settings.js';

/** The checks and return path of one sign-in, created by {@link ProviderClient.start}. */
export interface SignInStart {
  authorizationUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Verified claims of a signed-in user: the ID token's, completed by userinfo. */
export type VerifiedClaims = Record<string, unknown> & { sub: string };

/**
 * The relying party side of Authorization Code + PKCE, over openid-client. Discovers the issuer
 * on first use (and again after a failure), so Berth starts while the provider is down.
 */
export class ProviderClient {
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  /** Fresh state, nonce and PKCE verifier, and the URL to send the browser to. */
  async start(): Promise<SignInStart> {
    const configuration = await this.#discover();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri.href,
      scope: this.settings.scopes.join(' '),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { authorizationUrl, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code of a callback (`query` is its raw query string) and validates the ID
   * token: signature, issuer, audience, expiry, nonce, and the PKCE verifier at the token
   * endpoint. Adds userinfo claims the ID token lacks. Throws {@link OidcSignInError}.
   */
  async finish(
    query: string,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedClaims> {
    const configuration = await this.#discover();
    const callbackUrl = new URL(this.settings.redirectUri);
    callbackUrl.search = query;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcSignInError('token', 'the identity provider returned no ID token');
      let claims: VerifiedClaims = { ...idClaims };
      if (this.#needsUserInfo(claims) && configuration.serverMetadata().userinfo_endpoint) {
        const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...userInfo, ...claims };
      }
      return claims;
    } catch (error) {
      throw classify(error);
    }
  }

  #needsUserInfo(claims: VerifiedClaims): boolean {
    return (
      claims[this.settings.usernameClaim] === undefined || claims[this.settings.groupsClaim] === undefined
    );
  }

  #discover(): Promise<oidc.Configuration> {
    if (!this.#configuration) {
      const { issuer, clientId, clientSecret } = this.settings;
      const attempt = oidc
        .discovery(
          issuer,
          clientId,
          undefined,
          clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(),
          {
            timeout: 10,
            ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
          },
        )
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw new OidcSignInError('unavailable', `the identity provider ${issuer.href} cannot be reached`, {
            cause: error,
          });
        });
      this.#configuration = attempt;
    }
    return this.#configuration;
  }
}

function classify(error: unknown): OidcSignInError {
  if (error instanceof OidcSignInError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    const said = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    return new OidcSignInError('denied', `the identity provider refused the sign-in (${said})`, {
      cause: error,
    });
  }
  if (
    (error instanceof TypeError && error.message === 'fetch failed') ||
    (error instanceof Error && error.name === 'TimeoutError')
  )
    return new OidcSignInError('unavailable', 'the identity provider cannot be reached', { cause: error });
  return new OidcSignInError('token', 'the identity provider response could not be verified', {
    cause: error,
  });
}
