import type { BerthMigration } from '../../store/migrations/migration.js';

/**
 * Accounts signed in through OIDC (a user with a row here has `source: oidc`) and the groups
 * their provider reported at the last sign-in, kept for group-based workspace roles.
 */
export const oidcMigration: BerthMigration = {
  name: '0004_identity_oidc',
  async up(db) {
    await db.schema
      .createTable('oidc_identities')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_login_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('oidc_identities_issuer_subject', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createTable('user_groups')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_groups_pk', ['user_id', 'source', 'group_name'])
      .execute();
    await db.schema.createIndex('user_groups_group').on('user_groups').column('group_name').execute();
  },
};
