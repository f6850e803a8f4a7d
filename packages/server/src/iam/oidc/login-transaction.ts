import type { SealedSecret, SecretBox } from '../../secrets/secret-box.js';

/** Name of the short-lived cookie that carries a sign-in from the login route to the callback. */
export const LOGIN_COOKIE = 'berth_oidc_login';

/** How long a user may take at the identity provider. */
export const LOGIN_TTL_SECONDS = 600;

const CONTEXT = 'oidc-login';

/** What the callback must check a sign-in against; sealed into {@link LOGIN_COOKIE}. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Seals and opens login transactions with the master key (AES-GCM), so the PKCE verifier and the
 * nonce stay secret and any replica can finish a sign-in another one started.
 */
export class LoginTransactions {
  constructor(
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  /** A cookie value for `transaction`. */
  seal(transaction: Omit<LoginTransaction, 'expiresAt'>): string {
    const full: LoginTransaction = {
      ...transaction,
      expiresAt: this.now().getTime() + LOGIN_TTL_SECONDS * 1000,
    };
    return Buffer.from(JSON.stringify(this.box.seal(JSON.stringify(full), CONTEXT))).toString('base64url');
  }

  /** The transaction in a cookie value; `undefined` when it is missing, altered or expired. */
  open(value: string | undefined): LoginTransaction | undefined {
    if (!value) return undefined;
    try {
      const sealed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as SealedSecret;
      const transaction = JSON.parse(this.box.open(sealed, CONTEXT).toString('utf8')) as LoginTransaction;
      return transaction.expiresAt > this.now().getTime() ? transaction : undefined;
    } catch {
      return undefined;
    }
  }
}
