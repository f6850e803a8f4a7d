import pino from 'pino';
import { buildApp } from './app.js';
import { capabilities } from './capabilities.js';
import { ConfigError, loadConfig } from './config.js';
import { loggerOptions } from './observe/logger.js';
import { createPlatform } from './platform.js';

/**
 * Starts the control plane: config → store and services → admin bootstrap → HTTP server →
 * `onStarted` hooks. SIGINT/SIGTERM stop accepting requests, close the app, run the
 * `onShutdown` hooks, close the store and exit 0.
 */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`berth: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino(loggerOptions(config.logLevel));
  const deps = await createPlatform(config, { logger, capabilities });
  const admin = await deps.users.bootstrapAdmin(config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once to stdout for the person starting Berth — deliberately not through the logger.
    process.stdout.write(
      `\n  Berth created the user "admin" with this one-time password (change it after signing in):\n\n      ${admin.generatedPassword}\n\n`,
    );
  } else if (admin.created) {
    logger.info('created the user "admin" with BERTH_ADMIN_PASSWORD');
  }
  const app = await buildApp(deps, capabilities);
  const address = await app.listen({ host: config.host, port: config.port });
  const url = config.publicUrl ?? address;
  process.stdout.write(`\n  Berth is running at ${url}  (API docs: ${url}/api/docs)\n\n`);
  logger.info({ url, store: deps.store.dialect }, 'berth started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await app.close();
      await deps.lifecycle.shutdown();
      await deps.store.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await deps.lifecycle.started({ url });
}

const entry = process.argv[1] ?? '';
if (entry.endsWith('main.ts') || entry.endsWith('main.js')) {
  start().catch((error: unknown) => {
    process.stderr.write(
      `berth: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
