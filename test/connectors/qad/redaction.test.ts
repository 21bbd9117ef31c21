// Redaction canary: whatever happens (success, lost replies, faults, rejected credentials, a master-data run
// with its audit events, a connection check), no QAD password or access token shows up in a log line, an
// error message, a result, a check item or an audit detail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../../electron/connectors/qad/gateway.ts';
import { resetBreakers } from '../../../electron/connectors/qad/resilience.ts';
import { createMasterDataFlow } from '../../../electron/engine/master-data.ts';
import { createQadChecker } from '../../../electron/engine/qad-check.ts';
import { startQadSimulators, type QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import { listAuditEvents, openStore } from '../../../electron/store/index.ts';
import { captureLog, demoCompany, invoiceInput, memorySecrets, settingsVia, type Mode } from './helpers.ts';
import { callOf, startProxy, type Proxy } from './proxy.ts';

const PASSWORD = 'Canary-QAD-Pa55word!';
const WRONG = 'Wrong-Canary-Secret-42';

let sims: QadSimulators;
let proxy: Proxy | undefined;

beforeEach(async () => {
  resetBreakers();
  // The simulator accepts the canary password so the whole road is exercised with it.
  sims = await startQadSimulators({ company: demoCompany(), credentials: { password: PASSWORD } });
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sims.close();
});

function everything(value: unknown): string {
  if (value instanceof Error) return `${value.name} ${value.message} ${JSON.stringify({ ...value })}`;
  return JSON.stringify(value);
}

describe.each(['rest', 'qxtend'] as const)('redaction canary over %s', (mode: Mode) => {
  it('keeps the password and tokens out of logs, errors, results, checks and audit details', async () => {
    let creates = 0;
    proxy = await startProxy(mode === 'rest' ? sims.rest.url : sims.qxtend.url, (r) => {
      const call = callOf(r);
      if (call === 'create') {
        creates += 1;
        if (creates === 1) return 'lost';
        if (creates === 2) return { status: 503, body: 'down' };
      }
      return 'pass';
    });
    const settings = settingsVia(mode, sims, proxy.url);
    const secrets = memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': PASSWORD });
    const log = captureLog();
    const seen: unknown[] = [];
    const keep = async (work: () => Promise<unknown>) => {
      try {
        seen.push(await work());
      } catch (error) {
        seen.push(error);
      }
    };

    const gateway = await createQadGateway(settings, secrets, { log });
    await keep(() => gateway.listSuppliers());
    await keep(() => gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-canary-1')));
    await keep(() => gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-canary-2')));
    await keep(() =>
      gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-canary-3', { postingDate: '2026-03-02' })),
    );
    await keep(() => createQadChecker()(settings, secrets));

    const wrong = await createQadGateway(
      settings,
      memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': WRONG }),
      { log },
    );
    await keep(() => wrong.listGlAccounts());
    await keep(() =>
      createQadChecker()(settings, memorySecrets({ 'qad.username': 'mlc-demo', 'qad.password': WRONG })),
    );

    const store = openStore(':memory:');
    try {
      await keep(() =>
        createMasterDataFlow({ store }).run({
          settings,
          secrets,
          log,
          actor: 'tester',
          signal: new AbortController().signal,
        }),
      );
      seen.push(listAuditEvents(store.db, {}));
    } finally {
      store.close();
    }

    // The road was really travelled: requests carried the secrets.
    expect(
      proxy.requests.some((r) => r.url.includes(encodeURIComponent(PASSWORD)) || r.body.includes(PASSWORD)),
    ).toBe(true);
    if (mode === 'rest') expect(proxy.tokens.length).toBeGreaterThan(0);
    expect(log.lines.length).toBeGreaterThan(10);

    const canaries = [PASSWORD, encodeURIComponent(PASSWORD), WRONG, ...proxy.tokens];
    const texts = [...log.lines, ...seen.map(everything)];
    for (const canary of canaries)
      for (const text of texts)
        expect(text.includes(canary), `${canary} leaked in: ${text.slice(0, 300)}`).toBe(false);
  });
});
