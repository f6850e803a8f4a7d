export { openStore, type Store, type StoreLocation, type OpenStoreOptions } from './open-store.js';
export { coreMigrations } from './migrations/index.js';
export type { BerthMigration, StoreDialect } from './migrations/migration.js';
export type * from './schema.js';
export { newId, storedVersion } from './ids.js';
