/**
 * Why an OIDC sign-in failed. The console's login page receives it as `/login?error=oidc_<reason>`:
 * - `state`: the login cookie is missing, expired or altered, or `state` does not match (restart sign-in)
 * - `denied`: the identity provider refused (`error=access_denied`, …)
 * - `token`: the code exchange failed or the ID token is invalid (issuer, audience, nonce, expiry, signature)
 * - `account`: no usable user name, the name belongs to another account, or the user is disabled
 * - `unavailable`: the identity provider cannot be reached
 */
export type SignInFailure = 'state' | 'denied' | 'token' | 'account' | 'unavailable';

const STATUS: Record<SignInFailure, number> = {
  state: 400,
  denied: 401,
  token: 401,
  account: 403,
  unavailable: 502,
};

/** A failed OIDC sign-in; `message` is safe to show to the user. */
export class OidcSignInError extends Error {
  readonly status: number;
  constructor(
    readonly reason: SignInFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcSignInError';
    this.status = STATUS[reason];
  }
}
