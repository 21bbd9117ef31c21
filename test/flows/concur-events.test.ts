// The optional near-real-time trigger: with the event receiver on, a signed Event Subscription delivery starts a
// Concur run at once (recorded with trigger "event"); a tampered one starts nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import { createSecretStore } from '../../electron/secrets/index.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';
import { listRuns } from '../../electron/store/index.ts';
import { FILE_SECRETS_ENV } from '../support/cli.ts';
import { flowFixture, type FlowFixture } from './support.ts';

let fixture: FlowFixture | undefined;
let engine: Engine | undefined;
afterAll(async () => {
  await engine?.stop();
  await fixture?.sandbox.close();
});

/** A port free on 127.0.0.1 right now (the settings take 1-65535, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Concur event receiver', () => {
  it('runs the Concur flow when a signed approval event arrives', async () => {
    fixture = await flowFixture({ seed: 5, concurDocuments: 6 });
    const config = JSON.parse(readFileSync(fixture.configPath, 'utf8')) as {
      concur: Record<string, unknown>;
    };
    config.concur.eventReceiver = {
      enabled: true,
      port: await freePort(),
      publicKeyPem: fixture.sandbox.concur.signingPublicKeyPem,
    };
    writeFileSync(fixture.configPath, JSON.stringify(config));
    const settings = new JsonFileSettingsStore(fixture.configPath);
    const secrets = await createSecretStore({
      dataDir: fixture.dataDir,
      env: { ...FILE_SECRETS_ENV },
      profile: 'sandbox',
    });
    engine = await createEngine({ dataDir: fixture.dataDir, settings, secrets, actor: 'tester' });
    await engine.start();
    const url = engine.eventReceiverUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const delivery = await fixture.sandbox.concur.deliverEvent(url ?? '');
    expect(delivery.attempts).toEqual([202]);
    const store = engine.store;
    await waitFor(() =>
      listRuns(store.db, { flow: 'concur' }).runs.some(
        (r) => r.trigger === 'event' && r.outcome !== 'running',
      ),
    );
    const run = listRuns(store.db, { flow: 'concur' }).runs.find((r) => r.trigger === 'event');
    expect(run?.counts.fetched).toBeGreaterThan(0);
  }, 60_000);
});
