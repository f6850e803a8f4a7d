import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../src/http/errors.js';
import { Authentication } from '../src/iam/authentication.js';
import { LoginThrottle, sourceOf } from '../src/iam/login-throttle.js';
import { type PasswordHasher, scryptHasher } from '../src/iam/password.js';
import { eachDatabase } from './support/databases.js';
import { ADMIN_PASSWORD, startTestApp, TEST_SCRYPT, type TestApp } from './support/test-app.js';

/** `scrypt$N$r$p` of a stored hash: what a verification against it costs. */
const costOf = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe.each(eachDatabase())('authentication on $dialect', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { env: { BERTH_PUBLIC_URL: 'https://berth.example.com' } });
  });
  afterAll(async () => t.close());

  it('GIVEN the right password THEN login sets an HttpOnly, SameSite=Lax, Secure session cookie that works, and logout ends it', async () => {
    const response = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ username: 'admin', platformAdmin: true });
    const cookie = response.cookies.find((c) => c.name === 'berth_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
    expect(cookie.expires).toBeInstanceOf(Date);
    const headers = { cookie: `berth_session=${cookie.value}` };

    const me = await t.request(undefined, { method: 'GET', url: '/api/v1/me', headers });
    expect(me.json()).toMatchObject({ username: 'admin', credential: 'session' });

    const stored = await t.deps.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(cookie.value);

    expect(
      (await t.request(undefined, { method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode,
    ).toBe(204);
    expect((await t.request(undefined, { method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
  });

  it('GIVEN a wrong password or unknown user THEN 401 problem with the same message, and the failure is audited', async () => {
    const wrong = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'admin', password: 'nope-nope' },
      headers: { 'x-request-id': 'login-fail-1' },
    });
    const unknown = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'ghost', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.cookies).toHaveLength(0);

    const audit = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/audit?action=auth.login&result=denied&actor=admin',
    });
    expect(audit.json().items[0]).toMatchObject({
      actor: 'admin',
      action: 'auth.login',
      result: 'denied',
      status: 401,
      requestId: 'login-fail-1',
      resourceKind: 'sessions',
    });
    expect(audit.json().items[0].sourceIp).toBeTruthy();
  });

  it('GIVEN 5 failures in a minute for one user and IP THEN the next attempt gets 429 with Retry-After, even with the right password', async () => {
    await t.deps.users.create({
      username: 'carol',
      password: 'carol-password',
      platformAdmin: false,
      mustChangePassword: false,
    });
    for (let i = 0; i < 5; i++) {
      const r = await t.request(undefined, {
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'carol', password: 'wrong-password' },
      });
      expect(r.statusCode).toBe(401);
    }
    const limited = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'carol', password: 'carol-password' },
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too many requests' });
  });

  it('GIVEN 5 failures for an unknown user THEN the next gets the same 429 problem with Retry-After as for a known user; the limit is per user and source IP', async () => {
    await t.deps.users.create({
      username: 'frank',
      password: 'frank-password',
      platformAdmin: false,
      mustChangePassword: false,
    });
    const attempt = (username: string, remoteAddress = '192.0.2.10') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong-password' },
        remoteAddress,
      });
    const limitedAfterFive = async (username: string) => {
      for (let i = 0; i < 5; i++) expect((await attempt(username)).statusCode).toBe(401);
      return attempt(username);
    };
    const unknown = await limitedAfterFive('nobody-at-all');
    const known = await limitedAfterFive('frank');
    for (const limited of [unknown, known]) {
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.json()).toMatchObject({
        status: 429,
        title: 'Too many requests',
        detail: `too many failed logins; try again in ${retryAfter} seconds`,
      });
    }
    // The same shape either way: a 429 does not tell whether the user exists.
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(known.json()).sort());
    // Another source IP, or another user from the same IP, is not limited by these failures.
    expect((await attempt('nobody-at-all', '198.51.100.7')).statusCode).toBe(401);
    expect((await attempt('someone-else')).statusCode).toBe(401);
  });

  it('GIVEN 30 failures in a minute from one IP across many user names THEN that IP gets 429 with Retry-After for any user, a sign-in between guesses does not reset it, and other IPs are unaffected', async () => {
    await t.deps.users.create({
      username: 'hank',
      password: 'hank-password',
      platformAdmin: false,
      mustChangePassword: false,
    });
    const attempt = (username: string, password: string, remoteAddress = '203.0.113.5') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        remoteAddress,
      });
    // One guess per user name stays far below the per-user limit of 5.
    for (let i = 0; i < 29; i++) expect((await attempt(`spray-${i}`, 'Summer2024!')).statusCode).toBe(401);
    // The attacker's own account signing in does not wipe the count.
    expect((await attempt('hank', 'hank-password')).statusCode).toBe(200);
    expect((await attempt('spray-29', 'Summer2024!')).statusCode).toBe(401);

    const limited = await attempt('hank', 'hank-password');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({
      status: 429,
      title: 'Too many requests',
      detail: `too many failed logins; try again in ${retryAfter} seconds`,
    });
    expect((await attempt('spray-30', 'Summer2024!')).statusCode).toBe(429);
    expect((await attempt('hank', 'hank-password', '203.0.113.6')).statusCode).toBe(200);
  });

  it('GIVEN an unknown user or one without a local password THEN login still verifies the password, against a decoy hash as costly as a real one', async () => {
    const verified: string[] = [];
    const scrypt = scryptHasher(TEST_SCRYPT);
    const counting: PasswordHasher = {
      hash: scrypt.hash,
      verify: (password, stored) => (verified.push(stored), scrypt.verify(password, stored)),
    };
    const authentication = new Authentication({
      db: t.deps.store.db,
      throttle: new LoginThrottle(),
      sessionTtlSeconds: 60,
      passwords: counting,
    });
    const hashOf = async (username: string) =>
      (
        await t.deps.store.db
          .selectFrom('users')
          .select('password_hash')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).password_hash!;
    const adminHash = await hashOf('admin');

    await expect(authentication.login('admin', 'wrong-password', '192.0.2.20')).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(verified).toEqual([adminHash]);

    verified.length = 0;
    await expect(authentication.login('no-such-user', 'wrong-password', '192.0.2.20')).rejects.toThrow(
      'wrong username or password',
    );
    expect(verified).toHaveLength(1);
    const decoy = verified[0]!;
    expect(decoy).not.toBe(adminHash);
    expect(costOf(decoy)).toBe(costOf(adminHash));

    await t.deps.users.create({
      username: 'sso-only',
      password: 'unused-password',
      platformAdmin: false,
      mustChangePassword: false,
    });
    await t.deps.store.db
      .updateTable('users')
      .set({ password_hash: null })
      .where('username', '=', 'sso-only')
      .execute();
    verified.length = 0;
    await expect(authentication.login('sso-only', 'unused-password', '192.0.2.20')).rejects.toThrow(
      'wrong username or password',
    );
    expect(verified).toEqual([decoy]);
  });

  it('GIVEN a new access token THEN it is shown once, works as Bearer, is stored only hashed, and stops working when revoked', async () => {
    const cookie = await t.login('admin', ADMIN_PASSWORD);
    const created = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/tokens',
      body: { name: 'ci' },
      headers: { cookie },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^berth_pat_[A-Za-z0-9_-]{30,}$/);

    const listed = await t.request(undefined, { method: 'GET', url: '/api/v1/tokens', headers: { cookie } });
    expect(listed.body).not.toContain(token);
    expect(listed.json().items.some((i: { id: string }) => i.id === id)).toBe(true);

    const rows = await t.deps.store.db.selectFrom('access_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.find((r) => r.id === id)!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await t.request(token, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ username: 'admin', credential: 'token' });

    expect((await t.request(token, { method: 'DELETE', url: `/api/v1/tokens/${id}` })).json()).toMatchObject({
      revoked: true,
    });
    const after = await t.request(token, { method: 'GET', url: '/api/v1/me' });
    expect(after.statusCode).toBe(401);
  });

  it('GIVEN an expired token, a garbage bearer or no credentials THEN 401', async () => {
    const user = await t.deps.store.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const expired = await t.deps.authentication.createToken(
      { userId: user.id, username: 'admin', platformAdmin: true, credential: 'token' },
      { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    );
    expect((await t.request(expired.token, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await t.request('berth_pat_nonsense', { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(
      401,
    );
    expect((await t.request('not-a-berth-token', { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await t.request(undefined, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('GIVEN a platform admin THEN users CRUD works; a plain user gets 403 on it', async () => {
    const created = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/users',
      body: { username: 'dora', password: 'dora-password' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('dora-password');
    const doraToken = await t.userToken('erin');
    expect((await t.request(doraToken, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(403);
    const patched = await t.request(t.adminToken, {
      method: 'PATCH',
      url: '/api/v1/users/dora',
      body: { disabled: true },
      headers: { 'if-match': created.headers.etag as string },
    });
    expect(patched.json()).toMatchObject({ disabled: true, resourceVersion: '2' });
    const login = await t.request(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'dora', password: 'dora-password' },
    });
    expect(login.statusCode).toBe(401);
    expect((await t.request(t.adminToken, { method: 'DELETE', url: '/api/v1/users/dora' })).statusCode).toBe(
      204,
    );
  });
});

describe('login limits behind a reverse proxy', () => {
  const [database] = eachDatabase();
  let t: TestApp;
  beforeAll(async () => {
    // app.inject connects from 127.0.0.1: that is the proxy here.
    t = await startTestApp(database!, { env: { BERTH_TRUST_PROXY: '127.0.0.1,10.0.0.0/8' } });
  });
  afterAll(async () => t.close());

  const attempt = (username: string, forwardedFor: string, remoteAddress = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'wrong-password' },
      headers: { 'x-forwarded-for': forwardedFor },
      remoteAddress,
    });

  it('GIVEN a trusted proxy THEN clients behind it, told apart by X-Forwarded-For, are limited separately and audited by their own IP', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('ivan', '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt('ivan', '198.51.100.1')).statusCode).toBe(429);
    // Another client through the same proxy, and a chain through two trusted proxies.
    expect((await attempt('ivan', '198.51.100.2')).statusCode).toBe(401);
    expect((await attempt('ivan', '198.51.100.3, 10.1.2.3')).statusCode).toBe(401);

    const audit = await t.request(t.adminToken, {
      method: 'GET',
      url: '/api/v1/audit?action=auth.login&result=denied&actor=ivan',
    });
    const sources = new Set(audit.json().items.map((i: { sourceIp: string }) => i.sourceIp));
    expect(sources).toEqual(new Set(['198.51.100.1', '198.51.100.2', '198.51.100.3']));
  });

  it('GIVEN a peer that is not a trusted proxy THEN its X-Forwarded-For is ignored: forging a new one per attempt does not dodge the limit', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('judy', `198.51.100.${10 + i}`, '192.0.2.50')).statusCode).toBe(401);
    expect((await attempt('judy', '198.51.100.99', '192.0.2.50')).statusCode).toBe(429);
  });

  it('GIVEN no BERTH_TRUST_PROXY THEN X-Forwarded-For is ignored even from 127.0.0.1', async () => {
    const direct = await startTestApp(database!);
    try {
      const forged = (i: number) =>
        direct.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin', password: 'wrong-password' },
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
      for (let i = 0; i < 5; i++) expect((await forged(i)).statusCode).toBe(401);
      expect((await forged(99)).statusCode).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('login throttle', () => {
  const limits = { maxFailures: 2, maxFailuresPerSource: 3, windowMs: 10_000 };

  it('GIVEN failures from one source across user names THEN it is refused until the oldest leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(limits, () => now);
    throttle.fail('a', '192.0.2.1');
    now = 4_000;
    throttle.fail('B', '192.0.2.1');
    throttle.fail('c', '192.0.2.1');
    expect(throttle.retryAfter('d', '192.0.2.1')).toBe(6);
    expect(throttle.retryAfter('d', '192.0.2.2')).toBe(0);
    // A success clears the user's count, not the source's.
    throttle.succeed('d', '192.0.2.1');
    expect(throttle.retryAfter('d', '192.0.2.1')).toBe(6);
    now = 10_001;
    expect(throttle.retryAfter('d', '192.0.2.1')).toBe(0);
  });

  it('GIVEN failures for one user name in any letter case THEN it is refused below the source limit, until a success', () => {
    const throttle = new LoginThrottle(limits, () => 0);
    throttle.fail('Kate', '192.0.2.3');
    throttle.fail('kate', '192.0.2.3');
    expect(throttle.retryAfter('KATE', '192.0.2.3')).toBe(10);
    expect(throttle.retryAfter('leo', '192.0.2.3')).toBe(0);
    throttle.succeed('kate', '192.0.2.3');
    expect(throttle.retryAfter('kate', '192.0.2.3')).toBe(0);
  });

  it('GIVEN IPv6 sources THEN addresses of one /64 share the per-source count; IPv4-mapped addresses count as IPv4', () => {
    expect(sourceOf('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:0DB8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(sourceOf('192.0.2.1')).toBe('192.0.2.1');

    const throttle = new LoginThrottle(limits, () => 0);
    for (const [user, ip] of [
      ['a', '2001:db8:1:2::a'],
      ['b', '2001:db8:1:2::b'],
      ['c', '2001:db8:1:2:ffff::c'],
    ] as const)
      throttle.fail(user, ip);
    expect(throttle.retryAfter('d', '2001:db8:1:2::d')).toBe(10);
    expect(throttle.retryAfter('d', '2001:db8:1:3::d')).toBe(0);
  });
});

describe('admin bootstrap', () => {
  it('GIVEN no BERTH_ADMIN_PASSWORD THEN admin gets a random one-time password (must change) exactly once', async () => {
    const [database] = eachDatabase();
    const t = await startTestApp(database!);
    try {
      await t.deps.users.delete('admin').catch(() => undefined); // admin cannot be deleted
      const again = await t.deps.users.bootstrapAdmin();
      expect(again).toEqual({ created: false });
      await t.deps.store.db.deleteFrom('users').where('username', '=', 'admin').execute();
      const fresh = await t.deps.users.bootstrapAdmin();
      expect(fresh.created).toBe(true);
      expect(fresh.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
      const login = await t.request(undefined, {
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'admin', password: fresh.generatedPassword },
      });
      expect(login.json()).toMatchObject({ mustChangePassword: true });
    } finally {
      await t.close();
    }
  });
});
