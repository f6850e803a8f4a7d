import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMasterKey } from '../src/secrets/master-key.js';
import { SecretBox, SecretTamperedError } from '../src/secrets/secret-box.js';
import { SecretStore } from '../src/secrets/secret-store.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { eachDatabase } from './support/databases.js';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: s3cr3t-token}}]\n';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('GIVEN a sealed value THEN it opens to the same bytes, and the sealed form does not contain them', () => {
    const sealed = box.seal(KUBECONFIG, 'cluster/prod-1');
    expect(JSON.stringify(sealed)).not.toContain('s3cr3t');
    expect(box.open(sealed, 'cluster/prod-1').toString()).toBe(KUBECONFIG);
    expect(box.seal(KUBECONFIG, 'cluster/prod-1').ciphertext).not.toBe(sealed.ciphertext); // fresh key and nonce
  });

  it('GIVEN a flipped bit in any part THEN opening fails with SecretTamperedError', () => {
    const sealed = box.seal(KUBECONFIG, 'cluster/prod-1');
    for (const part of ['ciphertext', 'nonce', 'wrappedKey'] as const) {
      const bytes = Buffer.from(sealed[part], 'base64');
      bytes[bytes.length - 1]! ^= 1;
      expect(() => box.open({ ...sealed, [part]: bytes.toString('base64') }, 'cluster/prod-1')).toThrow(
        SecretTamperedError,
      );
    }
  });

  it('GIVEN another context or another master key THEN it does not open', () => {
    const sealed = box.seal(KUBECONFIG, 'cluster/prod-1');
    expect(() => box.open(sealed, 'cluster/prod-2')).toThrow(SecretTamperedError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'cluster/prod-1')).toThrow(SecretTamperedError);
  });

  it('GIVEN no master key configured THEN one is generated once, stored with mode 0600, and reused', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'berth-key-'));
    const first = resolveMasterKey({ dataDir });
    expect(first.source).toBe('generated');
    expect(statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const second = resolveMasterKey({ dataDir });
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
  });
});

describe.each(eachDatabase())('SecretStore on $dialect', (database) => {
  let store: Store;
  let secrets: SecretStore;
  beforeAll(async () => {
    store = await openStore(await database.create());
    secrets = new SecretStore({ db: store.db, box: new SecretBox(randomBytes(32)) });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('GIVEN a stored secret THEN it reads back, is replaced on put, and the table holds no plaintext', async () => {
    await secrets.put('cluster', 'prod-1', 'old');
    await secrets.put('cluster', 'prod-1', KUBECONFIG);
    expect((await secrets.get('cluster', 'prod-1'))?.toString()).toBe(KUBECONFIG);
    const rows = await store.db.selectFrom('secrets').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('s3cr3t');
    expect(await secrets.get('cluster', 'missing')).toBeUndefined();
  });

  it('GIVEN a ciphertext swapped between two records THEN reading fails as tampered', async () => {
    await secrets.put('cluster', 'a', 'alpha');
    await secrets.put('cluster', 'b', 'bravo');
    const a = await store.db
      .selectFrom('secrets')
      .selectAll()
      .where('name', '=', 'a')
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('secrets')
      .set({ wrapped_key: a.wrapped_key, nonce: a.nonce, ciphertext: a.ciphertext })
      .where('name', '=', 'b')
      .execute();
    await expect(secrets.get('cluster', 'b')).rejects.toThrow(SecretTamperedError);
    expect(await secrets.delete('cluster', 'b')).toBe(true);
  });
});
