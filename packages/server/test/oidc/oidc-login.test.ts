import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcTables } from '../../src/iam/oidc/oidc-accounts.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInAtProvider, startIdentityProvider, type TestIdentityProvider } from './identity-provider.js';

const PUBLIC_URL = 'http://berth.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;


const ACCOUNTS = {
  'alice-sub': {
    preferred_username: 'Alice',
    name: 'Alice Liddell',
    email: 'alice@example.com',
    groups: ['berth-admins', 'dev'],
  },
  'bob-sub': { preferred_username: 'bob', email: 'bob@example.com', groups: ['dev'] },
  'carol-sub': { email: 'Carol@Example.com' },
  'mallory-sub': { preferred_username: 'admin', groups: ['dev'] },
};

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

describe.each(eachDatabase())('OIDC sign-in on $dialect', (database) => {
  let idp: TestIdentityProvider;
  let t: TestApp;

  beforeAll(async () => {
    idp = await startIdentityProvider(REDIRECT_URI, ACCOUNTS);
    t = await startTestApp(database, {
      env: {
        BERTH_PUBLIC_URL: PUBLIC_URL,
        BERTH_OIDC_ISSUER: idp.issuer,
        BERTH_OIDC_CLIENT_ID: idp.clientId,
        BERTH_OIDC_CLIENT_SECRET: idp.clientSecret,
        BERTH_OIDC_ADMIN_GROUPS: 'berth-admins',
        BERTH_OIDC_NAME: 'Test IdP',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** GET /auth/oidc/login → the provider's authorization URL and Berth's login cookie. */
  async function startLogin(returnTo = '/apps?tab=1') {
    const response = await t.request(undefined, {
      method: 'GET',
      url: `/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`,
    });
    expect(response.statusCode).toBe(302);
    return {
      authorizationUrl: new URL(response.headers.location as string),
      loginCookie: cookieOf(response, 'berth_oidc_login')!,
    };
  }

  async function callback(url: URL, loginCookie: string | undefined, accept = 'application/json') {
    return t.request(undefined, {
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers: { accept, ...(loginCookie ? { cookie: `berth_oidc_login=${loginCookie}` } : {}) },
    });
  }

  async function signIn(login: string, returnTo?: string) {
    const { authorizationUrl, loginCookie } = await startLogin(returnTo);
    const back = await signInAtProvider(authorizationUrl.href, login, { redirectUri: REDIRECT_URI });
    return callback(back, loginCookie, 'text/html');
  }

  it('GIVEN OIDC settings THEN the providers route offers it with its name', async () => {
    const response = await t.request(undefined, { method: 'GET', url: '/api/v1/auth/providers' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ local: true, oidc: { enabled: true, name: 'Test IdP' } });
  });

  it('GIVEN a login THEN Berth redirects to the issuer with code + PKCE S256, state and nonce, and seals them in an HttpOnly cookie', async () => {
    const response = await t.request(undefined, {
      method: 'GET',
      url: '/api/v1/auth/oidc/login?returnTo=/apps',
    });
    const location = new URL(response.headers.location as string);
    expect(location.origin).toBe(idp.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'berth',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
    });
    for (const param of ['state', 'nonce', 'code_challenge'])
      expect(location.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    const cookie = response.cookies.find((c) => c.name === 'berth_oidc_login')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc' });
    expect(cookie.value).not.toContain(location.searchParams.get('nonce'));
  });

  it('GIVEN a user of an admin group WHEN they sign in at the provider THEN the callback provisions a platform admin, sets the session cookie and returns to returnTo', async () => {
    const response = await signIn('alice-sub', '/apps?tab=1');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/apps?tab=1');
    const session = response.cookies.find((c) => c.name === 'berth_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(response.cookies.find((c) => c.name === 'berth_oidc_login')?.value).toBe('');

    const me = await t.request(undefined, {
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `berth_session=${session.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'alice', platformAdmin: true, credential: 'session' });

    const user = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/users/alice' });
    expect(user.json()).toMatchObject({ displayName: 'Alice Liddell', platformAdmin: true });
    const db = t.deps.store.db as unknown as Kysely<OidcTables>;
    const identity = await db.selectFrom('oidc_identities').selectAll().executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: idp.issuer, subject: 'alice-sub', email: 'alice@example.com' });
    const groups = await db
      .selectFrom('user_groups')
      .select('group_name')
      .where('user_id', '=', identity.user_id)
      .orderBy('group_name')
      .execute();
    expect(groups.map((g) => g.group_name)).toEqual(['berth-admins', 'dev']);

    const audit = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/audit?action=auth.login&result=success&actor=alice',
    });
    expect(audit.json().items[0]).toMatchObject({ actor: 'alice', action: 'auth.login', result: 'success' });
    expect(audit.json().items[0].detail).toMatch(/^oidc /);
  });

  it('GIVEN a user outside the admin groups THEN they are an ordinary user, and a second sign-in reuses the same account', async () => {
    const first = await signIn('bob-sub', '/');
    expect(first.statusCode).toBe(302);
    const second = await signIn('bob-sub', '/');
    const me = await t.request(undefined, {
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `berth_session=${cookieOf(second, 'berth_session')}` },
    });
    expect(me.json()).toMatchObject({ username: 'bob', platformAdmin: false });
    const users = await t.deps.store.db
      .selectFrom('users')
      .select('username')
      .where('username', 'like', 'bob%')
      .execute();
    expect(users).toHaveLength(1);
  });

  it('GIVEN no preferred_username THEN the user name comes from the email; an OIDC user has no usable local password', async () => {
    const response = await signIn('carol-sub');
    expect(response.statusCode).toBe(302);
    expect(
      (await t.request(t.adminToken, { method: 'GET', url: '/api/v1/users/carol-example.com' })).statusCode,
    ).toBe(200);
    const local = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'carol-example.com', password: 'decoy-password' },
    });
    expect(local.statusCode).toBe(401);
  });

  it("GIVEN a provider user whose name is a local user's (admin) THEN the sign-in is refused, nothing is taken over", async () => {
    const response = await signIn('mallory-sub');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?error=oidc_account');
    expect(cookieOf(response, 'berth_session')).toBeUndefined();
  });

  it('GIVEN a tampered state in the callback THEN it is refused (problem+json for API clients, /login?error= for browsers) and audited', async () => {
    const { authorizationUrl, loginCookie } = await startLogin();
    const back = await signInAtProvider(authorizationUrl.href, 'bob-sub', { redirectUri: REDIRECT_URI });
    back.searchParams.set('state', 'forged-state-value-xxxxxxxxxxxxxxxx');
    const api = await callback(back, loginCookie);
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.json()).toMatchObject({ status: 400, type: 'https://berth.dev/problems/oidc-state' });
    expect(api.body).not.toMatch(/at .*\.ts:\d+/);
    expect(cookieOf(api, 'berth_session')).toBeUndefined();

    const browser = await callback(back, loginCookie, 'text/html,application/xhtml+xml');
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/login?error=oidc_state');

    const audit = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/audit?action=auth.login&result=denied',
    });
    expect(audit.json().items.some((e: { detail?: string }) => e.detail?.startsWith('oidc state'))).toBe(
      true,
    );
  });

  it('GIVEN a callback without the login cookie (another browser) or with an altered one THEN it is refused', async () => {
    const { authorizationUrl, loginCookie } = await startLogin();
    const back = await signInAtProvider(authorizationUrl.href, 'bob-sub', { redirectUri: REDIRECT_URI });
    expect((await callback(back, undefined)).statusCode).toBe(400);
    const altered = loginCookie.slice(0, -4) + (loginCookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await callback(back, altered)).statusCode).toBe(400);
  });

  it('GIVEN a nonce altered on the way to the provider THEN the ID token is refused', async () => {
    const { authorizationUrl, loginCookie } = await startLogin();
    authorizationUrl.searchParams.set('nonce', 'attacker-chosen-nonce-xxxxxxxxxxxxxxx');
    const back = await signInAtProvider(authorizationUrl.href, 'bob-sub', { redirectUri: REDIRECT_URI });
    const response = await callback(back, loginCookie);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ type: 'https://berth.dev/problems/oidc-token' });
    expect(cookieOf(response, 'berth_session')).toBeUndefined();
  });

  it('GIVEN a PKCE challenge altered on the way THEN the code exchange fails', async () => {
    const { authorizationUrl, loginCookie } = await startLogin();
    authorizationUrl.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const back = await signInAtProvider(authorizationUrl.href, 'bob-sub', { redirectUri: REDIRECT_URI });
    expect((await callback(back, loginCookie)).statusCode).toBe(401);
  });

  it('GIVEN the user aborts at the provider THEN the callback reports the refusal', async () => {
    const { authorizationUrl, loginCookie } = await startLogin();
    const back = await signInAtProvider(authorizationUrl.href, 'bob-sub', {
      redirectUri: REDIRECT_URI,
      abort: true,
    });
    expect(back.searchParams.get('error')).toBe('access_denied');
    const response = await callback(back, loginCookie);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ type: 'https://berth.dev/problems/oidc-denied' });
    expect(response.json().detail).toMatch(/access_denied/);
  });

  it.each([
    'https://evil.example.com/',
    '//evil.example.com/x',
    '/\\evil.example.com',
    '/\t/evil.example.com',
    'javascript:alert(1)',
    'apps',
  ])('GIVEN returnTo=%j THEN the login is refused as an open redirect', async (returnTo) => {
    const response = await t.request(undefined, {
      method: 'GET',
      url: `/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'returnTo' })]);
    expect(response.headers.location).toBeUndefined();
  });

  it('GIVEN a disabled OIDC user THEN the sign-in is refused', async () => {
    const bob = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/users/bob' });
    const patched = await t.request(t.adminToken, {
      method: 'PATCH',
      url: '/api/v1/users/bob',
      body: { disabled: true, resourceVersion: bob.json().resourceVersion },
    });
    expect(patched.statusCode).toBe(200);
    const response = await signIn('bob-sub');
    expect(response.headers.location).toBe('/login?error=oidc_account');
  });
});

describe('without OIDC settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!);
  });
  afterAll(async () => t?.close());

  it('THEN the providers route offers only local sign-in and the OIDC routes do not exist', async () => {
    const response = await t.request(undefined, { method: 'GET', url: '/api/v1/auth/providers' });
    expect(response.json()).toEqual({ local: true, oidc: { enabled: false, name: null } });
    expect((await t.request(undefined, { method: 'GET', url: '/api/v1/auth/oidc/login' })).statusCode).toBe(
      404,
    );
  });
});
