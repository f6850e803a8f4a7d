import { describe, expect, it } from 'vitest';
import { accountNameOf, groupsOf, identityOf } from '../../src/iam/oidc/claims.js';
import { safeReturnTo } from '../../src/iam/oidc/return-to.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { oidcSettingsOf } from '../../src/iam/oidc/settings.js';

const settings = { usernameClaim: 'preferred_username', groupsClaim: 'groups', adminGroups: ['ops'] };

describe('OIDC claim mapping', () => {
  it('GIVEN the username claim THEN it becomes a valid Berth user name; else email, else sub', () => {
    expect(identityOf({ sub: 's1', preferred_username: 'Jane.Doe' }, settings)?.username).toBe('jane.doe');
    expect(identityOf({ sub: 's1', email: 'Jane@Example.com' }, settings)?.username).toBe('jane-example.com');
    expect(identityOf({ sub: 'ABC|123' }, settings)?.username).toBe('abc-123');
    expect(identityOf({ sub: 's1', preferred_username: '@@@', email: 'x@y.z' }, settings)?.username).toBe(
      'x-y.z',
    );
    expect(identityOf({ sub: '' }, settings)).toBeUndefined();
    expect(identityOf({ sub: '###' }, settings)).toBeUndefined();
  });

  it('GIVEN groups THEN they are kept, deduplicated, and an admin group makes a platform admin', () => {
    const identity = identityOf(
      { sub: 's', preferred_username: 'a', groups: ['dev', 'ops', 'dev', 7] },
      settings,
    )!;
    expect(identity).toMatchObject({ groups: ['dev', 'ops'], platformAdmin: true });
    expect(identityOf({ sub: 's', preferred_username: 'a', groups: 'dev' }, settings)).toMatchObject({
      groups: ['dev'],
      platformAdmin: false,
    });
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('GIVEN a long name THEN it is cut to 63 characters without a trailing separator', () => {
    const name = accountNameOf(`${'a'.repeat(62)}-b`)!;
    expect(name).toBe('a'.repeat(62));
  });
});

describe('returnTo', () => {
  it.each([
    ['/apps?x=1#top', '/apps?x=1#top'],
    [undefined, '/'],
    ['/a/../b', '/b'],
  ])('GIVEN %j THEN it is %j', (raw, expected) => expect(safeReturnTo(raw)).toBe(expected));

  it.each(['http://evil', '//evil', '/\\evil', '/\n/evil', '\\\\evil', 'evil', ' /x'])(
    'GIVEN %j THEN it is refused',
    (raw) => expect(() => safeReturnTo(raw)).toThrow(/returnTo/),
  );
});

describe('OIDC configuration', () => {
  const base = {
    BERTH_PUBLIC_URL: 'https://berth.example.com/',
    BERTH_OIDC_ISSUER: 'https://id.example.com/realms/main',
    BERTH_OIDC_CLIENT_ID: 'berth',
  };

  it('GIVEN the issuer and client THEN the redirect URI derives from the public URL, with the documented defaults', () => {
    const settings = oidcSettingsOf(loadConfig({ ...base, BERTH_OIDC_ADMIN_GROUPS: 'ops, platform' }))!;
    expect(settings.redirectUri.href).toBe('https://berth.example.com/api/v1/auth/oidc/callback');
    expect(settings).toMatchObject({
      scopes: ['openid', 'profile', 'email', 'groups'],
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      adminGroups: ['ops', 'platform'],
      secureCookies: true,
    });
    expect(oidcSettingsOf(loadConfig({}))).toBeUndefined();
  });

  it('GIVEN an incomplete or unsafe OIDC setup THEN start-up names the variables, never the secret', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        BERTH_OIDC_ISSUER: 'http://id.example.com',
        BERTH_OIDC_CLIENT_SECRET: 's3cr3t-value',
        BERTH_OIDC_SCOPES: 'profile email',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/BERTH_OIDC_ISSUER must be an https:/);
    expect(problems.join('\n')).toMatch(/BERTH_OIDC_SCOPES/);
    expect(problems.join('\n')).not.toContain('s3cr3t-value');
    try {
      loadConfig({ BERTH_OIDC_ISSUER: 'https://id.example.com' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'BERTH_OIDC_CLIENT_ID must be set when BERTH_OIDC_ISSUER is',
      expect.stringMatching(/^BERTH_PUBLIC_URL must be set/),
    ]);
  });
});
