import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp, type Capability, type PlatformDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ThrottleLimits } from '../../src/iam/login-throttle.js';
import { createPlatform } from '../../src/platform.js';
import type { TestDatabase } from './databases.js';

/** Cheap scrypt parameters so tests do not spend seconds hashing. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** The admin password of every test app. */
export const ADMIN_PASSWORD = 'admin-password-1';

/** A running app on a fresh database, with helpers to act as different users. */
export interface TestApp {
  app: FastifyInstance;
  deps: PlatformDeps;
  /** A bearer token of the platform admin. */
  adminToken: string;
  /** Creates a user and returns a bearer token for them. */
  userToken(username: string, password?: string): Promise<string>;
  /** Signs in with a password and returns the `cookie` header value. */
  login(username: string, password: string): Promise<string>;
  /** `app.inject` with a bearer token. */
  request(
    token: string | undefined,
    options: { method: string; url: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  env?: Record<string, string>;
  capabilities?: readonly Capability[];
  now?: () => Date;
  loginLimits?: ThrottleLimits;
  /** The platform's logger (silent when absent). */
  logger?: Logger;
}

/** Builds the whole control plane on `database` (created here, dropped by `close`). */
export async function startTestApp(database: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const location = await database.create();
  const config = loadConfig({
    BERTH_DATA_DIR: location.dataDir,
    ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
    BERTH_MASTER_KEY: randomBytes(32).toString('base64'),
    BERTH_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const deps = await createPlatform(config, {
    logger: options.logger ?? pino({ level: 'silent' }),
    scrypt: TEST_SCRYPT,
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
  });
  await deps.users.bootstrapAdmin(ADMIN_PASSWORD);
  const app = await buildApp(deps, options.capabilities ?? []);
  const adminSubject = {
    userId: (
      await deps.store.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow()
    ).id,
    username: 'admin',
    platformAdmin: true,
    credential: 'token' as const,
  };
  const adminToken = (await deps.authentication.createToken(adminSubject, { name: 'test' })).token;

  const request: TestApp['request'] = (token, o) =>
    app.inject({
      method: o.method as 'GET',
      url: o.url,
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...o.headers },
    });

  return {
    app,
    deps,
    adminToken,
    request,
    async userToken(username, password = `${username}-password`) {
      const user = await deps.users.create({
        username,
        password,
        platformAdmin: false,
        mustChangePassword: false,
      });
      const created = await deps.authentication.createToken(
        { userId: user.id, username, platformAdmin: false, credential: 'token' },
        { name: 'test' },
      );
      return created.token;
    },
    async login(username, password) {
      const response = await request(undefined, {
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username, password },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'berth_session');
      return `berth_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      await deps.store.close();
      await database.drop();
    },
  };
}
