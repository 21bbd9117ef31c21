import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Store,
  abandonUnfinishedRuns,
  addToOpenBatch,
  createIntent,
  enqueueConfirmation,
  finishRun,
  getBatch,
  getCursor,
  getDocument,
  getIntent,
  getLedgerEntry,
  getQadRecord,
  lastRun,
  listAuditEvents,
  listBatches,
  listDocuments,
  listIntents,
  listQadRecords,
  listRuns,
  markNotSent,
  markPosted,
  markRejected,
  markSending,
  markUncertain,
  qadCacheFreshness,
  releaseBatch,
  removeFromBatch,
  replaceQadCache,
  setBatchState,
  setCursor,
  setDocumentState,
  stageDocument,
  startRun,
  undoRelease,
  verifyAuditChain,
} from '../../electron/store/index.ts';
import type { CanonicalDocument } from '../../shared/domain/document.ts';
import { at, makeDocument, memoryStore, system } from './helpers.ts';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function stageReady(store: Store, overrides: Partial<CanonicalDocument>): number {
  const { id } = stageDocument(
    store.db,
    { document: makeDocument({ entity: '10USA', ...overrides }), rawPayload: '{}' },
    system,
  );
  setDocumentState(store.db, id, 'ready', system);
  return id;
}

describe('batches', () => {
  let store: Store;
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(() => store.close());

  it('groups ready documents per source, entity, currency, kind and posting kind', () => {
    const a = stageReady(store, { sourceId: 'A', totalMinor: 100 });
    const b = stageReady(store, { sourceId: 'B', totalMinor: 250 });
    const eur = stageReady(store, { sourceId: 'C', currency: 'EUR' });
    const batch = addToOpenBatch(store.db, a, 'supplier_invoice', system);
    expect(addToOpenBatch(store.db, b, 'supplier_invoice', system).id).toBe(batch.id);
    expect(addToOpenBatch(store.db, b, 'supplier_invoice', system)).toMatchObject({
      documentCount: 2,
      totalMinor: 350,
    });
    expect(addToOpenBatch(store.db, eur, 'supplier_invoice', system).id).not.toBe(batch.id);
    expect(listBatches(store.db, { state: 'open' }).total).toBe(2);
    expect(getDocument(store.db, a)?.batchId).toBe(batch.id);
    const staged = stageDocument(
      store.db,
      { document: makeDocument({ sourceId: 'D' }), rawPayload: '{}' },
      system,
    ).id;
    expect(() => addToOpenBatch(store.db, staged, 'supplier_invoice', system)).toThrow(
      /is staged, not ready/,
    );
  });

  it('releases with the person and time, moves documents along, and undoes a release not yet posting', () => {
    const a = stageReady(store, { sourceId: 'A' });
    const b = stageReady(store, { sourceId: 'B' });
    const { id } = addToOpenBatch(store.db, a, 'supplier_invoice', system);
    addToOpenBatch(store.db, b, 'supplier_invoice', system);

    setDocumentState(store.db, b, 'exception', system);
    expect(() => releaseBatch(store.db, id, { actor: 'ann' })).toThrow(/not ready: concur:B \(exception\)/);
    removeFromBatch(store.db, b, system);

    const released = releaseBatch(store.db, id, { actor: 'ann', at: at(5) });
    expect(released).toMatchObject({
      state: 'released',
      releasedBy: 'ann',
      releasedAt: at(5),
      documentCount: 1,
    });
    expect(getDocument(store.db, a)?.state).toBe('released');
    expect(() => removeFromBatch(store.db, a, system)).toThrow(/only an open batch/);

    const undone = undoRelease(store.db, id, { actor: 'ann' });
    expect(undone.state).toBe('open');
    expect(undone.releasedBy).toBeUndefined();
    expect(getDocument(store.db, a)?.state).toBe('ready');

    releaseBatch(store.db, id, { actor: 'bo' });
    setBatchState(store.db, id, 'posting', system);
    expect(() => undoRelease(store.db, id, { actor: 'bo' })).toThrow(/not yet posting/);
    expect(() => setBatchState(store.db, id, 'open', system)).toThrow(/cannot go from posting to open/);
    expect(setBatchState(store.db, id, 'posted', system).state).toBe('posted');

    const history = listAuditEvents(store.db, { subjectId: String(id) })
      .events.map((e) => `${e.actor} ${e.action}`)
      .reverse();
    expect(history).toEqual([
      'system batch.opened',
      'system batch.document_added',
      'system batch.document_added',
      'system batch.document_removed',
      'ann batch.released',
      'ann batch.release_undone',
      'bo batch.released',
      'system batch.state_changed',
      'system batch.state_changed',
    ]);
    expect(getBatch(store.db, id)?.documents.map((d) => d.sourceId)).toEqual(['A']);
  });

  it('refuses to undo a release once a document was sent', () => {
    const a = stageReady(store, { sourceId: 'A' });
    const { id } = addToOpenBatch(store.db, a, 'supplier_invoice', system);
    releaseBatch(store.db, id, { actor: 'ann' });
    const { intent } = createIntent(store.db, { documentId: a, payloadHash: hash('p'), batchId: id }, system);
    markSending(store.db, intent.externalRef, system);
    expect(() => undoRelease(store.db, id, { actor: 'ann' })).toThrow(/already sent/);
  });
});

describe('posting intents and the ledger', () => {
  let store: Store;
  let doc: number;
  beforeEach(() => {
    store = memoryStore();
    doc = stageReady(store, { sourceId: 'INV-9' });
  });
  afterEach(() => store.close());

  it('walks intent -> sending -> posted, writing the ledger', () => {
    const { intent, created } = createIntent(store.db, { documentId: doc, payloadHash: hash('v1') }, system);
    expect(created).toBe(true);
    expect(intent).toMatchObject({ externalRef: 'MLC-CONCUR-INV-9', state: 'intent', attempts: 0 });
    expect(createIntent(store.db, { documentId: doc, payloadHash: hash('v1') }, system).created).toBe(false);
    expect(
      createIntent(store.db, { documentId: doc, payloadHash: hash('v2') }, system).intent.payloadHash,
    ).toBe(hash('v2'));

    expect(markSending(store.db, intent.externalRef, system)).toMatchObject({
      state: 'sending',
      attempts: 1,
    });
    expect(() => createIntent(store.db, { documentId: doc, payloadHash: hash('v3') }, system)).toThrow(
      /reconcile by reference/,
    );
    expect(listIntents(store.db, ['sending']).map((i) => i.externalRef)).toEqual(['MLC-CONCUR-INV-9']);

    store.tx((db) => {
      markPosted(db, intent.externalRef, { qadDocumentId: 'VCH-1001', qadKind: 'supplier_invoice' }, system);
      setDocumentState(db, doc, 'posted', system);
      enqueueConfirmation(
        db,
        { documentId: doc, targetSystem: 'concur', kind: 'posting_confirmation', payload: {} },
        system,
      );
    });
    expect(getIntent(store.db, intent.externalRef)).toMatchObject({
      state: 'posted',
      qadDocumentId: 'VCH-1001',
    });
    expect(getLedgerEntry(store.db, 'concur', 'INV-9')).toMatchObject({
      qadDocumentId: 'VCH-1001',
      documentId: doc,
    });
    expect(listDocuments(store.db).rows[0]).toMatchObject({ state: 'posted', qadDocumentId: 'VCH-1001' });
    expect(() => markSending(store.db, intent.externalRef, system)).toThrow(
      /cannot go from posted to sending/,
    );
  });

  it("holds an unclear outcome as uncertain, and takes a person's resolution", () => {
    const { intent } = createIntent(store.db, { documentId: doc, payloadHash: hash('v1') }, system);
    markSending(store.db, intent.externalRef, system);
    expect(
      markUncertain(store.db, intent.externalRef, 'timeout; QAD look-up failed: 503', system),
    ).toMatchObject({
      state: 'uncertain',
      lastError: 'timeout; QAD look-up failed: 503',
    });
    expect(
      markNotSent(store.db, intent.externalRef, 'not found in QAD by reference', { actor: 'ann' }).state,
    ).toBe('intent');
    markSending(store.db, intent.externalRef, system);
    markRejected(store.db, intent.externalRef, 'Supplier S-1 is on hold', system);
    const rearmed = createIntent(store.db, { documentId: doc, payloadHash: hash('fixed') }, system);
    expect(rearmed.intent).toMatchObject({ state: 'intent', attempts: 2, payloadHash: hash('fixed') });
    const actions = listAuditEvents(store.db, { subjectId: 'concur:INV-9', action: 'posting.' }).events.map(
      (e) => e.action,
    );
    expect(actions.reverse()).toEqual([
      'posting.intent_created',
      'posting.sending',
      'posting.uncertain',
      'posting.intent',
      'posting.sending',
      'posting.rejected',
      'posting.intent_rearmed',
    ]);
  });

  it('refuses a second, different QAD document for the same source document', () => {
    const { intent } = createIntent(store.db, { documentId: doc, payloadHash: hash('v1') }, system);
    markSending(store.db, intent.externalRef, system);
    store.db
      .prepare(
        `INSERT INTO ledger (source, source_id, document_id, external_ref, qad_document_id, qad_kind, posted_at)
         VALUES ('concur', 'INV-9', ?, 'MLC-CONCUR-INV-9', 'VCH-OLD', 'supplier_invoice', ?)`,
      )
      .run(doc, at(0));
    expect(() =>
      markPosted(
        store.db,
        intent.externalRef,
        { qadDocumentId: 'VCH-NEW', qadKind: 'supplier_invoice' },
        system,
      ),
    ).toThrow(/already in the ledger as QAD document VCH-OLD/);
    expect(getIntent(store.db, intent.externalRef)?.state).toBe('sending');
  });
});

describe('QAD cache, cursors and runs', () => {
  let store: Store;
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(() => store.close());

  it('replaces all rows of a kind for an entity at once', () => {
    replaceQadCache(
      store.db,
      'supplier',
      '10USA',
      [
        { code: 'S-1', payload: { name: 'Acme' }, active: true },
        { code: 'S-2', payload: { name: 'Old Co' }, active: false },
      ],
      { actor: 'scheduler', at: at(1) },
    );
    replaceQadCache(store.db, 'supplier', '20DEU', [{ code: 'S-9', payload: {}, active: true }], {
      actor: 'scheduler',
    });
    const result = replaceQadCache(
      store.db,
      'supplier',
      '10USA',
      [
        { code: 'S-1', payload: { name: 'Acme Inc' }, active: true },
        { code: 'S-3', payload: { name: 'New' }, active: true },
      ],
      { actor: 'scheduler', at: at(2) },
    );
    expect(result).toEqual({ count: 2, added: 1, removed: 1 });
    expect(listQadRecords(store.db, 'supplier', '10USA').map((r) => r.code)).toEqual(['S-1', 'S-3']);
    expect(getQadRecord(store.db, 'supplier', '10USA', 'S-1')).toMatchObject({
      payload: { name: 'Acme Inc' },
      active: true,
      refreshedAt: at(2),
    });
    expect(listQadRecords(store.db, 'supplier', '20DEU')).toHaveLength(1);
    expect(qadCacheFreshness(store.db)).toContainEqual({
      kind: 'supplier',
      entity: '10USA',
      refreshedAt: at(2),
      rowCount: 2,
    });
    expect(() =>
      replaceQadCache(
        store.db,
        'supplier',
        '10USA',
        [
          { code: 'S-1', payload: {}, active: true },
          { code: 'S-1', payload: {}, active: true },
        ],
        system,
      ),
    ).toThrow(/appears twice/);
    expect(listQadRecords(store.db, 'supplier', '10USA')).toHaveLength(2);
  });

  it('keeps cursors per source and stream, auditing only real advances', () => {
    setCursor(store.db, 'concur', 'invoices', '2026-11-25T08:00:00Z', system);
    setCursor(store.db, 'concur', 'invoices', '2026-11-25T08:00:00Z', system);
    setCursor(store.db, 'concur', 'invoices', '2026-11-25T08:15:00Z', system);
    expect(getCursor(store.db, 'concur', 'invoices')?.value).toBe('2026-11-25T08:15:00Z');
    expect(getCursor(store.db, 'concur', 'expenses')).toBeUndefined();
    expect(listAuditEvents(store.db, { action: 'cursor.advanced' }).total).toBe(2);
  });

  it('records runs with their counts, and closes runs a crash left open', () => {
    const run = startRun(store.db, { flow: 'concur', trigger: 'manual' }, { actor: 'ann', at: at(1) });
    expect(run).toMatchObject({ outcome: 'running', counts: { fetched: 0 } });
    const counts = {
      fetched: 3,
      staged: 3,
      exceptions: 1,
      awaitingReceipt: 0,
      ready: 2,
      posted: 2,
      confirmed: 2,
      failed: 0,
    };
    expect(
      finishRun(
        store.db,
        run.id,
        { outcome: 'partial', counts, message: '1 exception' },
        { actor: 'ann', at: at(2) },
      ),
    ).toEqual({
      id: run.id,
      flow: 'concur',
      trigger: 'manual',
      startedAt: at(1),
      finishedAt: at(2),
      outcome: 'partial',
      counts,
      message: '1 exception',
    });
    expect(() => finishRun(store.db, run.id, { outcome: 'succeeded', counts }, system)).toThrow(
      /already finished/,
    );
    startRun(store.db, { flow: 'expensify', trigger: 'schedule' }, { actor: 'scheduler' });
    expect(abandonUnfinishedRuns(store.db, system)).toBe(1);
    expect(lastRun(store.db, 'expensify')).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/interrupted/) as string,
    });
    expect(listRuns(store.db, { flow: 'concur' }).total).toBe(1);
    expect(listRuns(store.db).runs.map((r) => r.flow)).toEqual(['expensify', 'concur']);
    expect(verifyAuditChain(store.db).ok).toBe(true);
  });
});
