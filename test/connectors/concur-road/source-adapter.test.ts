import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../shared/settings.ts';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import {
  ConcurReauthorizeError,
  type ConcurClient,
  type FisItemResult,
} from '../../../electron/connectors/concur/index.ts';
import { createConcurSource } from '../../../electron/connectors/concur-road/index.ts';
import type { OutboxItem, Store } from '../../../electron/store/index.ts';
import { findDocumentId, getDocumentBySource } from '../../../electron/store/index.ts';
import { stageItems } from '../../../electron/sync/stage.ts';
import type { SyncRuntime } from '../../../electron/sync/runtime.ts';
import { CONFIRMATION_KINDS } from '../../../electron/sync/source-port.ts';
import { harness, startSim, tempStore, type SimHarness } from './helpers.ts';

let sim: ConcurSimulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sim?.close();
  store?.close();
  sim = undefined;
  store = undefined;
});

function statuses(s: ConcurSimulator): Record<string, string> {
  return Object.fromEntries(s.state.documents.map((d) => [d.id, d.docStatus]));
}

function outbox(
  sourceId: string,
  kind: string,
  extra: Record<string, unknown> = {},
  documentId = 1,
): OutboxItem {
  return {
    id: 1,
    documentId,
    targetSystem: 'concur',
    kind,
    payload: {
      source: 'concur',
      sourceId,
      externalRef: `MLC-CONCUR-${sourceId}`,
      outcome: kind === CONFIRMATION_KINDS.posted ? 'posted' : 'rejected',
      entity: '10USA',
      postedAt: '2026-11-24T10:00:00.000Z',
      ...extra,
    },
    state: 'pending',
    attempts: 1,
    nextAttemptAt: '2026-11-24T10:00:00.000Z',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
  };
}

function runtime(s: Store, h: SimHarness): SyncRuntime {
  return {
    store: s,
    adapters: {},
    settings: h.settings,
    now: () => new Date('2026-11-24T10:00:00.000Z'),
    random: () => 0.5,
  };
}

/** Fetch, stage durably, acknowledge: the road's first step. */
async function fetchStageAck(h: SimHarness, s: Store) {
  const adapter = createConcurSource({ client: h.client, db: s.db });
  const items = await adapter.fetch(h.ctx);
  const staged = stageItems(runtime(s, h), adapter, items);
  const ack = await adapter.acknowledge(staged.durable, h.ctx);
  return { adapter, items, staged, ack };
}

describe('Concur source adapter against the simulator', () => {
  it('fetches every READY document of each enabled type over all pages, acknowledging nothing', async () => {
    sim = await startSim({ documents: 23 });
    const h = harness(sim, { pageSize: 4 });
    const adapter = createConcurSource({ client: h.client });
    const items = await adapter.fetch(h.ctx);
    expect(items.map((i) => i.sourceId).sort()).toEqual(sim.state.documents.map((d) => d.id).sort());
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['invoice', 'expense_report']));
    const pages = sim.apiServer.requests.filter((r) => r.operation === 'fis.list').length;
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(23 / 4));
    expect(Object.values(statuses(sim)).every((s) => s === 'READY')).toBe(true);
    for (const item of items) {
      expect(adapter.toCanonical(item).exceptions).toEqual([]);
      expect(item.revision).toMatch(/ rev 1$/);
    }
  });

  it('maps with the coding layout of the settings in force', async () => {
    sim = await startSim({ documents: 4 });
    const h = harness(sim, { coding: { costCenter: 'custom1', project: 'none' } });
    const adapter = createConcurSource({ client: h.client });
    const [item] = await adapter.fetch(h.ctx);
    if (!item) throw new Error('no item');
    const line = adapter.toCanonical(item).document?.lines[0];
    // custom1 holds the entity level of the connected Cost Center list in the sandbox.
    expect(['10USA', '20DEU']).toContain(line?.source.costObject);
    expect(line?.source.project).toBeUndefined();
    expect(() => settingsSchema.parse({ concur: { coding: { costCenter: 'custom21' } } })).toThrow(
      /custom20/,
    );
  });

  it('reads only the enabled document types', async () => {
    sim = await startSim({ documents: 10 });
    const h = harness(sim, { documentTypes: ['expense_report'] });
    const items = await createConcurSource({ client: h.client }).fetch(h.ctx);
    expect(items.length).toBe(sim.state.documents.filter((d) => d.docType === 'expense').length);
    expect(items.every((i) => i.kind === 'expense_report')).toBe(true);
  });

  it('reads `document` sent as JSON text the same as an object', async () => {
    sim = await startSim({ documents: 6, options: { defaultDocumentFormat: 'string' } });
    const h = harness(sim);
    const adapter = createConcurSource({ client: h.client });
    const items = await adapter.fetch(h.ctx);
    expect(items).toHaveLength(6);
    for (const item of items) expect(adapter.toCanonical(item).document?.lines.length).toBeGreaterThan(0);
  });

  it('acknowledges after staging; a second acknowledgement ("already acknowledged") is success', async () => {
    sim = await startSim({ documents: 12 });
    const h = harness(sim);
    store = tempStore();
    const { adapter, items, staged, ack } = await fetchStageAck(h, store);
    expect(staged.durable).toHaveLength(12);
    for (const item of items) expect(getDocumentBySource(store.db, 'concur', item.sourceId)).toBeDefined();
    expect(ack.failed).toEqual([]);
    expect([...ack.acknowledged].sort()).toEqual(items.map((i) => i.sourceId).sort());
    expect(Object.values(statuses(sim)).every((s) => s === 'ACKNOWLEDGED')).toBe(true);
    expect(sim.state.confirmations.every((c) => c.systemId === 'ml-connector')).toBe(true);

    const again = await adapter.acknowledge(items, h.ctx);
    expect(again.failed).toEqual([]);
    expect(again.acknowledged).toHaveLength(12);
    expect(sim.state.confirmations.filter((c) => c.code === 101)).toHaveLength(12);
    // Nothing READY is left, so the next fetch stages nothing twice.
    expect(await adapter.fetch(h.ctx)).toEqual([]);
  });

  it('reports a document recalled before the acknowledgement, and one that failed with 199, as not acknowledged', async () => {
    sim = await startSim({ documents: 4 });
    const h = harness(sim);
    const adapter = createConcurSource({ client: h.client });
    const items = await adapter.fetch(h.ctx);
    const [recalled, flaky] = sim.state.documents;
    if (!recalled || !flaky) throw new Error('documents');
    recalled.docStatus = 'RECALLED';
    flaky.failNext = 1;
    const ack = await adapter.acknowledge(items, h.ctx);
    expect(ack.acknowledged).toHaveLength(2);
    expect(ack.failed.find((f) => f.sourceId === recalled.id)?.error).toMatch(/recalled/i);
    expect(ack.failed.find((f) => f.sourceId === flaky.id)?.error).toMatch(/199/);
  });

  it('confirms a posting with the QAD document id; again is "already confirmed" = done', async () => {
    sim = await startSim({ documents: 6 });
    const h = harness(sim);
    store = tempStore();
    const { adapter, items } = await fetchStageAck(h, store);
    const invoice = items.find((i) => i.kind === 'invoice');
    const report = items.find((i) => i.kind === 'expense_report');
    if (!invoice || !report) throw new Error('need both kinds');
    const documentId = findDocumentId(store.db, 'concur', report.sourceId) ?? 0;

    const first = await adapter.confirm(
      outbox(invoice.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: '10USA/2026/AP/1001' }),
      h.ctx,
    );
    expect(first).toEqual({ status: 'done' });
    expect(statuses(sim)[invoice.sourceId]).toBe('POSTING_CONFIRMED_SUCCESS');
    const sent = sim.state.confirmations.find((c) => c.kind === 'posting' && c.docId === invoice.sourceId);
    expect(sent?.request).toMatchObject({
      overallPostingStatusCode: 'success',
      postingDocs: [
        {
          companyId: '10USA',
          documentNumber: '10USA/2026/AP/1001',
          fiscalYear: '2026',
          postingDate: '2026-11-24',
        },
      ],
    });
    const again = await adapter.confirm(
      outbox(invoice.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: '10USA/2026/AP/1001' }),
      h.ctx,
    );
    expect(again.status).toBe('done');

    // An expense report: the FIS type comes from the staged document's kind.
    const reportDone = await adapter.confirm(
      outbox(report.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: 'JE-7' }, documentId),
      h.ctx,
    );
    expect(reportDone).toEqual({ status: 'done' });
    expect(statuses(sim)[report.sourceId]).toBe('POSTING_CONFIRMED_SUCCESS');
  });

  it("confirms a failure with QAD's message", async () => {
    sim = await startSim({ documents: 3 });
    const h = harness(sim);
    store = tempStore();
    const { adapter, items } = await fetchStageAck(h, store);
    const item = items[0];
    if (!item) throw new Error('no item');
    const outcome = await adapter.confirm(
      outbox(
        item.sourceId,
        CONFIRMATION_KINDS.failed,
        { message: 'Supplier APEX001 is on hold in entity 10USA' },
        findDocumentId(store.db, 'concur', item.sourceId),
      ),
      h.ctx,
    );
    expect(outcome).toEqual({ status: 'done' });
    expect(statuses(sim)[item.sourceId]).toBe('POSTING_CONFIRMED_FAILURE');
    const sent = sim.state.confirmations.find((c) => c.kind === 'posting' && c.docId === item.sourceId);
    expect(JSON.stringify(sent?.request)).toContain('Supplier APEX001 is on hold in entity 10USA');
  });

  it('finds the FIS type without a database, acknowledges a never-acknowledged document first, retries on 199', async () => {
    sim = await startSim({ documents: 6 });
    const h = harness(sim);
    const fetched = await createConcurSource({ client: h.client }).fetch(h.ctx);
    const report = fetched.find((i) => i.kind === 'expense_report');
    const invoice = fetched.find((i) => i.kind === 'invoice');
    if (!report || !invoice) throw new Error('need both kinds');
    // A fresh adapter (another process): it knows neither the kind nor any acknowledgement.
    const adapter = createConcurSource({ client: h.client });
    const done = await adapter.confirm(
      outbox(report.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: 'JE-1' }),
      h.ctx,
    );
    expect(done).toEqual({ status: 'done' });
    expect(statuses(sim)[report.sourceId]).toBe('POSTING_CONFIRMED_SUCCESS');

    const doc = sim.state.documentsById.get(invoice.sourceId);
    if (!doc) throw new Error('doc');
    doc.docStatus = 'ACKNOWLEDGED';
    doc.failNext = 1;
    const retry = await adapter.confirm(
      outbox(invoice.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: 'V-1' }),
      h.ctx,
    );
    expect(retry.status).toBe('retry');
    expect(statuses(sim)[invoice.sourceId]).toBe('ACKNOWLEDGED');
    expect(
      (
        await adapter.confirm(
          outbox(invoice.sourceId, CONFIRMATION_KINDS.posted, { qadDocumentId: 'V-1' }),
          h.ctx,
        )
      ).status,
    ).toBe('done');
  });

  it('fails (for a person) a confirmation of a recalled or unknown document', async () => {
    sim = await startSim({ documents: 2 });
    const h = harness(sim);
    store = tempStore();
    const { adapter, items } = await fetchStageAck(h, store);
    const item = items[0];
    if (!item) throw new Error('no item');
    const doc = sim.state.documentsById.get(item.sourceId);
    if (doc) doc.docStatus = 'RECALLED';
    const recalled = await adapter.confirm(
      outbox(
        item.sourceId,
        CONFIRMATION_KINDS.posted,
        { qadDocumentId: 'V-9' },
        findDocumentId(store.db, 'concur', item.sourceId),
      ),
      h.ctx,
    );
    expect(recalled.status).toBe('failed');
    expect(recalled.status === 'failed' && recalled.error).toMatch(/recalled/i);
    const unknown = await adapter.confirm(
      outbox('0'.repeat(32), CONFIRMATION_KINDS.posted, { qadDocumentId: 'V-9' }),
      h.ctx,
    );
    expect(unknown.status).toBe('failed');
  });

  it('lets a re-authorisation demand surface from fetch', async () => {
    sim = await startSim({ documents: 2 });
    const h = harness(sim);
    h.secrets.values.delete('concur.requestToken');
    const adapter = createConcurSource({ client: h.client });
    await expect(adapter.fetch(h.ctx)).rejects.toBeInstanceOf(ConcurReauthorizeError);
    expect(adapter.reauthorizeError).toBeInstanceOf(ConcurReauthorizeError);
  });
});

describe('Concur confirmation outcomes by FIS code', () => {
  function stubClient(result: Partial<FisItemResult>): ConcurClient {
    const answer: FisItemResult = {
      docId: 'D',
      outcome: 'done',
      ok: false,
      code: undefined,
      result: undefined,
      message: 'm',
      ...result,
    };
    return {
      fis: { confirmPosting: () => Promise.resolve([answer]), acknowledge: () => Promise.resolve([answer]) },
    } as unknown as ConcurClient;
  }

  it.each([
    [{ outcome: 'done', ok: true, code: 0 }, 'done'],
    [{ outcome: 'already_done', ok: true, code: 113 }, 'done'],
    [{ outcome: 'retry_later', code: 199 }, 'retry'],
    [{ outcome: 'do_not_retry', code: 198 }, 'failed'],
    [{ outcome: 'system_mismatch', code: 99 }, 'failed'],
    [{ outcome: 'unknown_state', code: 114 }, 'failed'],
  ] as const)('%o -> %s', async (result, status) => {
    const h = {
      ctx: { settings: {}, secrets: {}, log: {}, actor: 't', signal: new AbortController().signal },
    };
    const adapter = createConcurSource({ client: stubClient(result) });
    const outcome = await adapter.confirm(
      outbox('D', CONFIRMATION_KINDS.posted, { qadDocumentId: 'V' }),
      h.ctx as never,
    );
    expect(outcome.status).toBe(status);
  });

  it('refuses an unknown outbox kind and a success without an entity, without calling Concur', async () => {
    const adapter = createConcurSource({ client: {} as ConcurClient });
    const ctx = {} as never;
    expect((await adapter.confirm(outbox('D', 'mark_exported'), ctx)).status).toBe('failed');
    expect((await adapter.confirm(outbox('D', CONFIRMATION_KINDS.posted, { entity: '' }), ctx)).status).toBe(
      'failed',
    );
  });
});
