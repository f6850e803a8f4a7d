import type { Subject } from '../authorizer.js';
import { identityOf } from './claims.js';
import type { LoginTransactions } from './login-transaction.js';
import type { OidcAccounts } from './oidc-accounts.js';
import type { ProviderClient } from './provider-client.js';
import { safeReturnTo } from './return-to.js';
import type { OidcSettings } from './settings.js';
import { OidcSignInError } from './sign-in-error.js';

/** A signed-in user, their new session and where to send the browser. */
export interface CompletedSignIn {
  subject: Subject;
  groups: string[];
  sessionValue: string;
  expiresAt: Date;
  returnTo: string;
}

/** What {@link OidcSignIn} needs. */
export interface OidcSignInDeps {
  settings: OidcSettings;
  provider: Pick<ProviderClient, 'start' | 'finish'>;
  accounts: OidcAccounts;
  transactions: LoginTransactions;
}

/** OIDC sign-in: the two legs of the Authorization Code flow, without HTTP. */
export class OidcSignIn {
  constructor(private readonly deps: OidcSignInDeps) {}

  /**
   * Starts a sign-in that ends at `returnTo` (a same-origin path; `InputError` otherwise).
   * Returns the provider URL and the sealed login cookie value.
   */
  async begin(returnTo: string | undefined): Promise<{ authorizationUrl: URL; loginCookie: string }> {
    const path = safeReturnTo(returnTo);
    const start = await this.deps.provider.start();
    const loginCookie = this.deps.transactions.seal({
      state: start.state,
      nonce: start.nonce,
      codeVerifier: start.codeVerifier,
      returnTo: path,
    });
    return { authorizationUrl: start.authorizationUrl, loginCookie };
  }

  /**
   * Finishes a sign-in: checks `state` against the login cookie, exchanges the code, validates
   * the ID token, provisions the user and starts a session. Throws {@link OidcSignInError}.
   */
  async complete(query: string, loginCookie: string | undefined): Promise<CompletedSignIn> {
    const transaction = this.deps.transactions.open(loginCookie);
    if (!transaction)
      throw new OidcSignInError(
        'state',
        'the sign-in expired or was started in another browser; sign in again',
      );
    const state = new URLSearchParams(query).get('state');
    if (state !== transaction.state)
      throw new OidcSignInError(
        'state',
        'the sign-in response does not match this browser’s sign-in; sign in again',
      );
    const claims = await this.deps.provider.finish(query, transaction);
    const identity = identityOf(claims, this.deps.settings);
    if (!identity)
      throw new OidcSignInError(
        'account',
        `the identity provider sent no usable user name (claims ${this.deps.settings.usernameClaim}, email, sub)`,
      );
    const subject = await this.deps.accounts.signIn(identity);
    const session = await this.deps.accounts.startSession(subject.userId);
    return { subject, groups: identity.groups, ...session, returnTo: transaction.returnTo };
  }
}
