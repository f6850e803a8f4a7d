import { describe, expect, it } from 'vitest';
import {
  type MembershipSource,
  RoleAuthorizer,
  type Subject,
  type WorkspaceRole,
} from '../src/iam/authorizer.js';

const roles: Record<string, Record<string, WorkspaceRole>> = {
  olivia: { shop: 'owner' },
  dev: { shop: 'developer' },
  vic: { shop: 'viewer', blog: 'owner' },
};
const members: MembershipSource = {
  roleIn: async (userId, workspace) => roles[userId]?.[workspace],
  rolesOf: async (userId) =>
    Object.entries(roles[userId] ?? {}).map(([workspace, role]) => ({ workspace, role })),
};
const authorizer = new RoleAuthorizer(members);
const subject = (name: string, platformAdmin = false): Subject => ({
  userId: name,
  username: name,
  platformAdmin,
  credential: 'session',
});

// action → who may do it in workspace "shop": admin, owner, developer, viewer, stranger
const MATRIX: [string, boolean, boolean, boolean, boolean, boolean][] = [
  ['workspaces.read', true, true, true, true, false],
  ['apps.list', true, true, true, true, false],
  ['apps.read', true, true, true, true, false],
  ['apps.update', true, true, true, false, false],
  ['apps.deploy', true, true, true, false, false],
  ['runs.approve', true, true, true, false, false],
  ['apps.rollback', true, true, true, false, false],
  ['members.update', true, true, false, false, false],
  ['workspaces.update', true, true, false, false, false],
  ['workspaces.delete', true, true, false, false, false],
  ['audit.list', true, true, false, false, false],
  ['namespaces.bind', true, false, false, false, false],
  ['workspaces.create', true, false, false, false, false],
];

describe('RoleAuthorizer', () => {
  it.each(MATRIX)(
    '%s in workspace shop: admin %s, owner %s, developer %s, viewer %s, stranger %s',
    async (action, ...expected) => {
      const who = [subject('root', true), subject('olivia'), subject('dev'), subject('vic'), subject('eve')];
      const got = await Promise.all(
        who.map(
          async (s) =>
            (await authorizer.can(s, action, { kind: action.split('.')[0]!, workspace: 'shop' })).allowed,
        ),
      );
      expect(got).toEqual(expected);
    },
  );

  it('GIVEN a denial THEN the reason says what is needed and what the user has', async () => {
    const decision = await authorizer.can(subject('vic'), 'apps.update', {
      kind: 'apps',
      workspace: 'shop',
      name: 'web',
    });
    expect(decision).toEqual({
      allowed: false,
      reason: 'apps.update needs developer in workspace shop; vic is viewer',
    });
  });

  it('GIVEN an action outside any workspace THEN only platform admins may do it', async () => {
    expect((await authorizer.can(subject('olivia'), 'clusters.read', { kind: 'clusters' })).allowed).toBe(
      false,
    );
    expect(
      (await authorizer.can(subject('root', true), 'clusters.create', { kind: 'clusters' })).allowed,
    ).toBe(true);
  });

  it('GIVEN a list THEN scope and filter keep only the workspaces the role reaches', async () => {
    expect(await authorizer.scopeOf(subject('vic'), 'apps.list')).toEqual({
      all: false,
      workspaces: ['shop', 'blog'],
    });
    expect(await authorizer.scopeOf(subject('vic'), 'audit.list')).toEqual({
      all: false,
      workspaces: ['blog'],
    });
    expect(await authorizer.scopeOf(subject('root', true), 'audit.list')).toEqual({ all: true });
    const items = [
      { kind: 'apps', workspace: 'shop', name: 'web' },
      { kind: 'apps', workspace: 'bank', name: 'ledger' },
    ];
    expect(await authorizer.filter(subject('dev'), 'apps.list', items)).toEqual([items[0]]);
  });
});
