// Where ml-connector keeps its data when no --data-dir is given: the platform's per-user application data
// folder, the same one the desktop app uses (Electron's app.getPath('userData') for the name "ml-connector").
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MLC_DATA_DIR) return env.MLC_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'ml-connector');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ml-connector');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'ml-connector');
}

export interface DataPaths {
  readonly dataDir: string;
  readonly database: string;
  readonly config: string;
  readonly logs: string;
}

export function dataPaths(dataDir: string, configFile?: string): DataPaths {
  return {
    dataDir,
    database: join(dataDir, 'ml-connector.db'),
    config: configFile ?? join(dataDir, 'config.json'),
    logs: join(dataDir, 'logs'),
  };
}
