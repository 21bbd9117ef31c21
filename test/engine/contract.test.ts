// The engine answers the contract through its router: malformed calls are refused with the field named and
// write nothing; valid changes are applied and audited; pause survives a restart.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.ts';
import type { CallContext } from '../../electron/ipc/handlers.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';
import { EnvSecretStore } from '../../electron/secrets/index.ts';
import { tempDir } from '../support/cli.ts';
import { readFileSync, existsSync } from 'node:fs';

const ctx: CallContext = { actor: 'controller.kim', transport: 'http' };

async function engineIn(dir: string) {
  const settings = new JsonFileSettingsStore(join(dir, 'config.json'), { missingIsDefaults: true });
  return createEngine({ dataDir: dir, settings, secrets: new EnvSecretStore({}), actor: 'tester' });
}

describe('engine contract', () => {
  it('refuses a malformed settings update with the field and writes nothing', async () => {
    const dir = tempDir();
    const engine = await engineIn(dir);
    const before = engine.listAudit({}).total;
    const bad = await engine.router.invoke(
      'settings/update',
      { settings: { qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'acme.example' } } } },
      ctx,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'settings.qad.rest.tenantUrl' },
    });
    const missing = await engine.router.invoke(
      'settings/update',
      { settings: { qad: { mode: 'qxtend', domain: 'QMFG' } } },
      ctx,
    );
    expect(missing).toMatchObject({ ok: false, error: { field: 'settings.qad.qxtend.endpointUrl' } });
    expect(engine.listAudit({}).total).toBe(before);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    await engine.stop();
  });

  it('applies a valid settings update, persists it and audits who changed what', async () => {
    const dir = tempDir();
    const engine = await engineIn(dir);
    const result = await engine.router.invoke(
      'settings/update',
      {
        settings: {
          qad: { mode: 'rest', domain: 'QMFG', rest: { tenantUrl: 'https://acme.example/clouderp' } },
        },
      },
      ctx,
    );
    expect(result.ok).toBe(true);
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      qad: { rest: { tenantUrl: string } };
    };
    expect(saved.qad.rest.tenantUrl).toBe('https://acme.example/clouderp');
    const events = engine.listAudit({ action: 'settings.changed' }).events;
    expect(events[0]?.actor).toBe('controller.kim');
    expect(JSON.stringify(events[0]?.detail)).toContain('qad.rest.tenantUrl');
    await engine.stop();
  });

  it('answers status with every system and flow, and keeps a pause across restarts', async () => {
    const dir = tempDir();
    const engine = await engineIn(dir);
    const status = await engine.router.invoke('status/get', {}, ctx);
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    const value = status.value as {
      connections: { system: string }[];
      flows: { flow: string }[];
      paused: boolean;
    };
    expect(value.connections.map((c) => c.system)).toEqual(['qad', 'concur', 'expensify']);
    expect(value.flows.map((f) => f.flow)).toEqual(['concur', 'expensify', 'masterData']);
    await engine.router.invoke('sync/pause', {}, ctx);
    await engine.stop();
    const again = await engineIn(dir);
    expect(again.status().paused).toBe(true);
    expect(again.listAudit({ action: 'cursor.advanced' }).events[0]?.actor).toBe('controller.kim');
    await again.stop();
  });

  it('never answers with a secret: secrets/status lists names and presence only', async () => {
    const dir = tempDir();
    const settings = new JsonFileSettingsStore(join(dir, 'config.json'), { missingIsDefaults: true });
    const engine = await createEngine({
      dataDir: dir,
      settings,
      secrets: new EnvSecretStore({ MLC_QAD_PASSWORD: 'hunter2-canary' }),
      actor: 'tester',
    });
    const result = await engine.router.invoke('secrets/status', {}, ctx);
    expect(JSON.stringify(result)).not.toContain('hunter2-canary');
    expect(JSON.stringify(result)).toContain('"name":"qad.password","present":true');
    await engine.stop();
  });
});
