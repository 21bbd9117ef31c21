// Points an engine at a running sandbox: the settings file (profile "sandbox", its own data folder) and the
// sandbox credentials in that profile's secret store. Shared by `ml-connector sandbox`, `ml-connector demo`
// and the desktop's `--sandbox-default` (what `npm start` opens).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsSchema, type SecretName } from '../../shared/settings.ts';
import { createSecretStore } from '../secrets/index.ts';
import { saveConfigFile } from '../settings/config-file.ts';
import { changeMappings, openStore } from '../store/index.ts';
import type { Sandbox } from './index.ts';

export const SANDBOX_PROFILE = 'sandbox';
const DEMO_MARKER = '.ml-connector-demo';

export interface SandboxFiles {
  readonly configPath: string;
  /** Credentials the secret store refused (no keychain and no MLC_SECRET_KEY). */
  readonly refused: readonly SecretName[];
}

export async function writeSandboxFiles(
  sandbox: Sandbox,
  dataDir: string,
  configPath = join(dataDir, 'config.json'),
): Promise<SandboxFiles> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  saveConfigFile(
    configPath,
    settingsSchema.parse({ ...sandbox.settings, dataDir, profile: SANDBOX_PROFILE }),
  );
  const secrets = await createSecretStore({ dataDir, env: process.env, profile: SANDBOX_PROFILE });
  const refused: SecretName[] = [];
  for (const [name, value] of Object.entries(sandbox.secrets) as [SecretName, string][]) {
    try {
      await secrets.set(name, value);
    } catch {
      refused.push(name);
    }
  }
  seedEntityMappings(sandbox, dataDir);
  return { configPath, refused };
}

/**
 * The mappings a controller sets up on day one: which Concur ledger and which Expensify policy belong to which
 * QAD entity, and which supplier pays each employee. Everything else in the demo maps by code or waits as an
 * exception to fix.
 */
function seedEntityMappings(sandbox: Sandbox, dataDir: string): void {
  const store = openStore(join(dataDir, 'ml-connector.db'));
  try {
    changeMappings(
      store.db,
      [
        ...sandbox.company.entities.map((e) => ({
          kind: 'entity' as const,
          sourceValue: e.concurLedgerCode,
          target: { entity: e.code },
        })),
        ...sandbox.expensify.state.policies.map((p) => ({
          kind: 'entity' as const,
          sourceValue: p.id,
          target: { entity: p.entity },
        })),
        // Expensify names the submitter by email; QAD pays employees as suppliers.
        ...sandbox.company.employees.map((e) => ({
          kind: 'employee' as const,
          sourceValue: e.email,
          target: { supplier: e.supplierCode },
        })),
      ],
      {
        actor: 'sandbox-setup',
        note: 'Sandbox set-up: entities of Concur ledgers and Expensify policies, employees as suppliers',
      },
    );
  } finally {
    store.close();
  }
}

/**
 * The demo starts fresh each time, like its simulators (whose state lives in memory). Only a folder the demo
 * itself created is emptied; any other existing folder is refused.
 */
export function resetDemoFolder(dataDir: string): void {
  if (existsSync(dataDir) && !existsSync(join(dataDir, DEMO_MARKER))) {
    throw new Error(
      `${dataDir} exists and was not created by the ml-connector demo; choose another data folder`,
    );
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dataDir, DEMO_MARKER),
    'This folder belongs to the ml-connector demo and is emptied at each start.\n',
  );
}
