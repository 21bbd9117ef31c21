// Builds what every CLI command needs, the same way the desktop does: settings from the JSON config file,
// secrets from the keychain (or its headless fallbacks), the redacting logger, and the engine.
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createLogger, type RootLogger } from '../log/logger.ts';
import { createSecretStore, type SelectedSecretStore } from '../secrets/index.ts';
import { ConfigError } from '../settings/config-error.ts';
import { JsonFileSettingsStore } from '../settings/settings-store.ts';
import { MigrationError } from '../store/index.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { startWebServer, type WebServer } from '../web/server.ts';
import { UsageError } from './exit-codes.ts';
import { dataPaths, defaultDataDir, type DataPaths } from './paths.ts';

export interface GlobalOptions {
  readonly config?: string;
  readonly dataDir?: string;
}

export interface Host {
  readonly paths: DataPaths;
  readonly settings: JsonFileSettingsStore;
  readonly secrets: SelectedSecretStore;
  readonly logger: RootLogger;
  readonly engine: Engine;
  serveBrowser(port: number): Promise<WebServer>;
  close(): Promise<void>;
}

export function currentActor(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

export async function openHost(
  options: GlobalOptions,
  overrides: { readonly secrets?: SelectedSecretStore } = {},
): Promise<Host> {
  // An explicit settings file may name its own data folder (and profile); --data-dir still wins.
  const explicitConfig = options.config ? resolve(options.config) : undefined;
  if (explicitConfig && !existsSync(explicitConfig)) {
    throw new UsageError(`the settings file ${explicitConfig} does not exist`, 'config');
  }
  const preloaded = explicitConfig ? openSettings(explicitConfig) : undefined;
  const dataDir = resolve(options.dataDir ?? (preloaded?.get().dataDir || defaultDataDir()));
  const paths = dataPaths(dataDir, explicitConfig);
  const settings = preloaded ?? openSettings(paths.config);
  const profile = settings.get().profile;
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ dataDir: paths.dataDir, stderr: false });
  const secrets =
    overrides.secrets ?? (await createSecretStore({ dataDir: paths.dataDir, env: process.env, profile }));
  const actor = currentActor();
  let engine: Engine;
  try {
    engine = await createEngine({ dataDir: paths.dataDir, settings, secrets, logger, actor });
  } catch (error) {
    logger.close();
    if (error instanceof MigrationError) throw new UsageError(error.message, 'database');
    throw error;
  }
  const servers: WebServer[] = [];
  return {
    paths,
    settings,
    secrets,
    logger,
    engine,
    async serveBrowser(port) {
      const server = await startWebServer({
        router: engine.router,
        hub: engine.hub,
        port,
        actor,
        log: logger,
      });
      servers.push(server);
      return server;
    },
    async close() {
      for (const server of servers) await server.close();
      await engine.stop();
      logger.close();
    },
  };
}

function openSettings(path: string): JsonFileSettingsStore {
  try {
    return new JsonFileSettingsStore(path, { missingIsDefaults: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UsageError(
        error.message.includes(path) ? error.message : `${path}: ${error.message}`,
        error.field,
      );
    }
    throw error;
  }
}
