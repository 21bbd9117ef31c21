// Redaction canary: the partner secret rides inline in every request body (requestJobDescription), so it
// must never reach a log line, an error (message, JSON, stack) or an audit row, whatever went wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { ExpensifyClient } from '../../../electron/connectors/expensify/client.ts';
import { pushEmployees } from '../../../electron/connectors/expensify/employees.ts';
import { pushPolicies } from '../../../electron/connectors/expensify/policy-push.ts';
import { createExpensifySource } from '../../../electron/connectors/expensify/source-adapter.ts';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';
import { listAuditEvents, type Store } from '../../../electron/store/index.ts';
import { stageItems } from '../../../electron/sync/stage.ts';
import {
  CANARY,
  captureLog,
  clientFor,
  flowContext,
  loadQadCache,
  NOW,
  settingsFor,
  simSecrets,
  startSim,
  tempStore,
} from './helpers.ts';

let sim: ExpensifySimulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sim?.close();
  store?.close();
  sim = undefined;
  store = undefined;
});

const forms = [CANARY, encodeURIComponent(CANARY), Buffer.from(CANARY).toString('base64')];
const leaks = (text: string): boolean => forms.some((f) => text.includes(f));

function everything(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return [
    String(error),
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
  ].join('\n');
}

describe('Expensify redaction canary', () => {
  it('keeps partnerUserSecret out of logs, errors and audit rows across a full run with faults', async () => {
    sim = await startSim({ reports: 12 });
    store = tempStore();
    loadQadCache(store);
    const log = captureLog();
    const settings = settingsFor(sim);
    const errors: unknown[] = [];

    // Retries after 429s and 503s log a warning per attempt.
    sim.server.faults.set({ rate429: 0.3, rate503: 0.2, seed: 5 });
    const adapter = createExpensifySource({
      store,
      settings: () => settings,
      now: () => NOW,
      clientFactory: (ctx) => clientFor(sim as ExpensifySimulator, ctx.settings, { log }),
    });
    const ctx = flowContext(settings, simSecrets(sim), log);
    const items = await adapter.fetch(ctx);
    const rt = { store, adapters: { expensify: adapter }, settings, now: () => NOW, random: () => 0.5 };
    await adapter.acknowledge(stageItems(rt, adapter, items).durable, ctx);
    sim.server.faults.clear();

    const client = await clientFor(sim, settings, { log });
    await pushPolicies({ client, store, settings, log, actor: 'tester' });
    await pushEmployees({ client, store, settings, dryRun: false });

    // Failures: a refused job (its warning carries the redacted request), a server that keeps failing,
    // and no server at all (an AxiosError holds the whole form body in its config).
    try {
      await client.job({ type: 'get', inputSettings: { type: 'policy' } });
    } catch (error) {
      errors.push(error);
    }
    const dead = new ExpensifyClient({
      url: 'http://127.0.0.1:9/Integration-Server/ExpensifyIntegrations',
      credentials: sim.credentials,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      log,
    });
    try {
      await dead.getPolicyList();
    } catch (error) {
      errors.push(error);
    }
    sim.server.faults.set({ rate503: 1 });
    try {
      await (
        await clientFor(sim, settingsFor(sim, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }), {
          log,
        })
      ).getPolicyList();
    } catch (error) {
      errors.push(error);
    }

    expect(errors).toHaveLength(3);
    expect(log.lines.length).toBeGreaterThan(3);
    expect(log.lines.some((l) => l.includes('requestJobDescription') || l.includes('"request"'))).toBe(true);
    for (const line of log.lines) expect(leaks(line), line).toBe(false);
    for (const error of errors) {
      expect(leaks(everything(error))).toBe(false);
      expect(Object.keys(error as object)).not.toContain('config');
    }
    const audit = listAuditEvents(store.db, { limit: 1000 }).events;
    expect(audit.some((e) => e.action === 'expensify.policy_pushed')).toBe(true);
    expect(leaks(JSON.stringify(audit))).toBe(false);
  });

  it('scrubs credentials from a job description even if one slipped into it', async () => {
    sim = await startSim({ reports: 0 });
    const client = await clientFor(sim, settingsFor(sim));
    const text = client.describe({
      type: 'get',
      credentials: { partnerUserID: sim.credentials.partnerUserID, partnerUserSecret: CANARY },
      inputSettings: { type: 'policyList', note: `pasted ${CANARY}` },
    });
    expect(leaks(text)).toBe(false);
    expect(text).toContain('policyList');
  });
});
