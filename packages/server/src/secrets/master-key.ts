import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeKey } from '../config.js';

/** Where the master key came from, for the start-up log line. */
export interface MasterKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated';
  file?: string;
}

/**
 * The master key: `BERTH_MASTER_KEY` when set, else `<dataDir>/master.key`, generated on first
 * start with mode 0600. Losing that file loses every stored secret.
 */
export function resolveMasterKey(config: { masterKey?: string; dataDir: string }): MasterKey {
  if (config.masterKey) return { key: decodeKey(config.masterKey)!, source: 'env' };
  const file = path.join(config.dataDir, 'master.key');
  try {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte key (base64 or hex)`);
    return { key, source: 'file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: 'generated', file };
}
