import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** A person the test identity provider knows, signed in by `login` = their id. */
export interface TestAccount {
  preferred_username?: string;
  name?: string;
  email?: string;
  groups?: string[];
}

/** A real oidc-provider 9 on 127.0.0.1, with one confidential client. */
export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Starts oidc-provider with `accounts` and the client `berth` allowed to return to `redirectUri`. */
export async function startIdentityProvider(
  redirectUri: string,
  accounts: Record<string, TestAccount>,
): Promise<TestIdentityProvider> {
  const listener: { handle?: RequestListener } = {};
  const server: Server = createServer((req, res) => listener.handle?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const clientId = 'berth';
  const clientSecret = 'berth-client-secret-for-tests';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' }] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email'],
      groups: ['groups'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
  });
  listener.handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tiny cookie jar for driving the provider with fetch. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now(),
      );
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays the user's browser at the provider: follows redirects from `authorizationUrl`, signs in
 * as `login` and consents on the dev interaction pages (or aborts when `abort`), and returns the
 * URL the provider finally redirects to (the callback, with `code` or `error`).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  options: { redirectUri: string; abort?: boolean },
): Promise<URL> {
  const jar = new CookieJar();
  let next = authorizationUrl;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location')!, next);
      if (location.href.startsWith(options.redirectUri)) return location;
      next = location.href;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${next}: ${html.slice(0, 500)}`);
    const fields = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(match[1]!, match[2]!);
    if (fields.get('prompt') === 'login') {
      fields.set('login', login);
      fields.set('password', 'any-password');
    }
    const target = new URL(options.abort ? `${action}/abort` : action, next);
    const submitted = await fetch(target, {
      method: options.abort ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(options.abort ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(options.abort ? {} : { body: fields }),
    });
    jar.store(submitted);
    const location = submitted.headers.get('location');
    if (!location)
      throw new Error(`interaction answered ${submitted.status}: ${(await submitted.text()).slice(0, 500)}`);
    const resolved = new URL(location, target);
    if (resolved.href.startsWith(options.redirectUri)) return resolved;
    next = resolved.href;
  }
  throw new Error('too many redirects at the identity provider');
}
