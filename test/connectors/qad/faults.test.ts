// Never post twice: with 503s, resets, hangs and lost replies between us and QAD, a create is never sent
// again without a look-up by reference in between, QAD ends with at most one document per reference, and
// when the look-up fails too the result is "uncertain" for a person, not a guess.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQadGateway } from '../../../electron/connectors/qad/gateway.ts';
import { QadError, QadNotPostedError, QadTransientError } from '../../../electron/connectors/qad/errors.ts';
import { resetBreakers } from '../../../electron/connectors/qad/resilience.ts';
import type { QadSimulators } from '../../../electron/sandbox/qad/index.ts';
import type { QadCreateResult } from '../../../shared/domain/qad.ts';
import {
  demoCompany,
  invoiceInput,
  qadSettings,
  sandboxSecrets,
  settingsVia,
  startSims,
  type Mode,
} from './helpers.ts';
import {
  callOf,
  everyCreateAfterALookup,
  startProxy,
  type Proxy,
  type ProxyAction,
  type ProxyRequest,
} from './proxy.ts';

let sims: QadSimulators;
let proxy: Proxy | undefined;

beforeEach(async () => {
  resetBreakers();
  sims = await startSims(demoCompany());
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sims.close();
});

const countOf = (ref: string) => sims.model.invoices.filter((i) => i.description === ref).length;

async function scripted(mode: Mode, script: (r: ProxyRequest, calls: string[]) => ProxyAction) {
  const target = mode === 'rest' ? sims.rest.url : sims.qxtend.url;
  const calls: string[] = [];
  proxy = await startProxy(target, (r) => {
    calls.push(callOf(r));
    return script(r, calls);
  });
  const gateway = await createQadGateway(settingsVia(mode, sims, proxy.url), sandboxSecrets());
  return { gateway, calls: () => proxy!.requests.map(callOf).filter((c) => c === 'create' || c === 'find') };
}

const nth = (calls: string[], kind: string) => calls.filter((c) => c === kind).length;

describe.each(['rest', 'qxtend'] as const)('unclear write outcomes over %s', (mode: Mode) => {
  it('a lost reply is reconciled by reference: found, not sent again', async () => {
    const { gateway, calls } = await scripted(mode, (r, seen) =>
      callOf(r) === 'create' && nth(seen, 'create') === 1 ? 'lost' : 'pass',
    );
    const result = await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-lost1'));
    expect(result).toMatchObject({ outcome: 'posted', recovered: true });
    expect(calls()).toEqual(['find', 'create', 'find']);
    expect(countOf('MLC-CONCUR-lost1')).toBe(1);
  });

  it('when the look-up fails too, the outcome is uncertain and nothing is re-sent', async () => {
    const { gateway, calls } = await scripted(mode, (r, seen) => {
      const call = callOf(r);
      if (call === 'create') return 'lost';
      if (call === 'find' && nth(seen, 'create') > 0)
        return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' };
      return 'pass';
    });
    const result: QadCreateResult = await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-unc1'));
    expect(result.outcome).toBe('uncertain');
    if (result.outcome === 'uncertain') expect(result.message).toMatch(/Check QAD for MLC-CONCUR-unc1/);
    expect(calls().filter((c) => c === 'create')).toHaveLength(1);
    expect(countOf('MLC-CONCUR-unc1')).toBe(1);
  });

  it('a create that hangs past the timeout is looked up, then sent once more', async () => {
    const { gateway, calls } = await scripted(mode, (r, seen) =>
      callOf(r) === 'create' && nth(seen, 'create') === 1 ? 'hang' : 'pass',
    );
    const result = await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-hang1'));
    expect(result).toMatchObject({ outcome: 'posted', recovered: false });
    expect(calls()).toEqual(['find', 'create', 'find', 'create', ...(mode === 'qxtend' ? ['find'] : [])]);
    expect(everyCreateAfterALookup(calls())).toBe(true);
    expect(countOf('MLC-CONCUR-hang1')).toBe(1);
  });

  it('a 503 or a reset on create is followed by a look-up before the next create', async () => {
    const { gateway, calls } = await scripted(mode, (r, seen) => {
      if (callOf(r) !== 'create') return 'pass';
      const n = nth(seen, 'create');
      if (n === 1) return { status: 503, headers: { 'retry-after': '0' }, body: '' };
      if (n === 2) return 'reset';
      return 'pass';
    });
    const result = await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-503'));
    expect(result.outcome).toBe('posted');
    expect(everyCreateAfterALookup(calls())).toBe(true);
    expect(calls().filter((c) => c === 'create')).toHaveLength(3);
    expect(countOf('MLC-CONCUR-503')).toBe(1);
  });

  it('gives up after the configured attempts, saying the document is not in QAD', async () => {
    const { gateway, calls } = await scripted(mode, (r) =>
      callOf(r) === 'create' ? { status: 500, body: 'Internal Server Error' } : 'pass',
    );
    const error = await gateway
      .createSupplierInvoice(invoiceInput('MLC-CONCUR-500'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QadTransientError);
    expect((error as Error).message).toMatch(/not in QAD \(checked by reference\)/);
    expect(calls().filter((c) => c === 'create')).toHaveLength(4);
    expect(everyCreateAfterALookup(calls())).toBe(true);
  });
});

describe.each(['rest', 'qxtend'] as const)('random faults injected by the %s simulator', (mode: Mode) => {
  it('never sends a create twice without a look-up, and leaves one document per reference', async () => {
    const server = mode === 'rest' ? sims.rest : sims.qxtend;
    const settings = qadSettings(mode, sims, { retry: { maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 10 } });
    const gateway = await createQadGateway(settings, sandboxSecrets());
    await gateway.listSuppliers(); // connect (WSDL / token / OpenAPI) before the storm
    server.faults.set({ rate503: 0.15, resetRate: 0.1, hangRate: 0.02, lostReplyRate: 0.2, seed: 11 });
    const outcomes = new Map<string, string>();
    for (let i = 0; i < 10; i += 1) {
      const ref = `MLC-CONCUR-storm-${i}`;
      const start = server.requests.length;
      const result = await gateway.createSupplierInvoice(invoiceInput(ref)).then(
        (r) => r.outcome,
        (e: unknown) => (e instanceof QadError ? `error:${e.kind}` : 'crash'),
      );
      outcomes.set(ref, result);
      const ops = server.requests
        .slice(start)
        .map((r) =>
          r.operation === 'supplierInvoice.create'
            ? 'create'
            : r.operation === 'supplierInvoice.find'
              ? 'find'
              : '',
        )
        .filter(Boolean);
      expect(everyCreateAfterALookup(ops), `${ref}: ${ops.join(' ')}`).toBe(true);
    }
    server.faults.clear();
    expect(server.faults.injected['lost-reply'] + server.faults.injected['503']).toBeGreaterThan(0);
    for (const [ref, outcome] of outcomes) {
      expect(outcome).not.toBe('crash');
      const count = countOf(ref);
      if (outcome === 'posted') expect(count, ref).toBe(1);
      else if (outcome === 'error:transient') expect(count, ref).toBe(0);
      else expect(count, ref).toBeLessThanOrEqual(1);
    }
    expect([...outcomes.values()].filter((o) => o === 'posted').length).toBeGreaterThan(5);
  });
});

describe('QXtend success that posted nothing', () => {
  it('is caught by the read-back and reported as not posted', async () => {
    await sims.close();
    sims = await startSims(demoCompany(), { qxtend: { silentNoOpReferences: ['MLC-CONCUR-noop'] } });
    const gateway = await createQadGateway(qadSettings('qxtend', sims), sandboxSecrets());
    const error = await gateway
      .createSupplierInvoice(invoiceInput('MLC-CONCUR-noop'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QadNotPostedError);
    expect((error as Error).message).toMatch(/not in QAD when read back/);
    expect(countOf('MLC-CONCUR-noop')).toBe(0);
  });
});

describe.each(['rest', 'qxtend'] as const)('reads over %s', (mode: Mode) => {
  it('honour a non-zero Retry-After and then succeed', async () => {
    let throttled = 0;
    const { gateway } = await scripted(mode, (r) => {
      if (callOf(r) === 'read' && throttled < 2) {
        throttled += 1;
        return { status: 429, headers: { 'retry-after': '0.01' }, body: 'Too Many Requests' };
      }
      return 'pass';
    });
    expect((await gateway.listProjects()).length).toBeGreaterThan(0);
    expect(throttled).toBe(2);
  });

  it('stop hammering a failing endpoint once its circuit opens', async () => {
    resetBreakers();
    const target = mode === 'rest' ? sims.rest.url : sims.qxtend.url;
    proxy = await startProxy(target, (r) => (callOf(r) === 'read' ? { status: 503, body: 'down' } : 'pass'));
    const settings = settingsVia(mode, sims, proxy.url, {
      breaker: { failureThreshold: 2, halfOpenAfterMs: 60_000 },
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const gateway = await createQadGateway(settings, sandboxSecrets());
    const error = await gateway.listSuppliers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QadTransientError);
    expect((error as QadTransientError).code).toBe('CIRCUIT_OPEN');
    expect(proxy.requests.filter((r) => callOf(r) === 'read')).toHaveLength(2);
  });
});

describe('REST sessions', () => {
  it('log in again once when the token has expired, then carry on', async () => {
    const gateway = await createQadGateway(qadSettings('rest', sims), sandboxSecrets());
    await gateway.listProjects();
    sims.clock.advance(2 * 3600 * 1000);
    expect((await gateway.listProjects()).length).toBeGreaterThan(0);
    sims.clock.advance(2 * 3600 * 1000);
    expect((await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-tok'))).outcome).toBe('posted');
    const ops = sims.rest.requests.map((r) => r.operation);
    expect(ops.filter((op) => op === 'oauth.token')).toHaveLength(3);
    expect(ops.filter((op) => op === 'auth.denied')).toHaveLength(2);
    expect(countOf('MLC-CONCUR-tok')).toBe(1);
  });

  it('a create refused with 401 is looked up under a new login before it is sent again', async () => {
    const { gateway, calls } = await scripted('rest', (r, seen) =>
      callOf(r) === 'create' && nth(seen, 'create') === 1
        ? { status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_token"}' }
        : 'pass',
    );
    expect((await gateway.createSupplierInvoice(invoiceInput('MLC-CONCUR-401'))).outcome).toBe('posted');
    expect(calls()).toEqual(['find', 'create', 'find', 'create']);
    expect(proxy!.requests.filter((r) => callOf(r) === 'token')).toHaveLength(2);
    expect(countOf('MLC-CONCUR-401')).toBe(1);
  });
});
