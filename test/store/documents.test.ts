import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOCUMENT_SORT_FIELDS, type DocumentSortField } from '../../shared/contract/index.ts';
import {
  type Store,
  StoreError,
  countDocumentsByState,
  getDocument,
  getDocumentBySource,
  listAuditEvents,
  listDocumentIdsInState,
  listDocuments,
  recordValidation,
  setDocumentState,
  stageDocument,
} from '../../electron/store/index.ts';
import { at, makeDocument, memoryStore, system } from './helpers.ts';

describe('documents', () => {
  let store: Store;
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(() => store.close());

  it('stages a source document once, keeping the raw payload verbatim', () => {
    const raw = '{ "ID": "RPT-1",  "Total": "123.45" }\n';
    const first = stageDocument(
      store.db,
      { document: makeDocument(), rawPayload: raw },
      { actor: 'system', at: at(1) },
    );
    const second = stageDocument(
      store.db,
      { document: makeDocument({ totalMinor: 1, description: 'changed upstream' }), rawPayload: '{}' },
      { actor: 'system', at: at(2) },
    );
    expect(first).toEqual({ id: first.id, created: true });
    expect(second).toEqual({ id: first.id, created: false });
    const doc = getDocument(store.db, first.id);
    expect(doc).toMatchObject({
      rawPayload: raw,
      totalMinor: 12_345,
      description: 'Safety gloves',
      stagedAt: at(1),
    });
    expect(doc?.lines.map((l) => l.amountMinor)).toEqual([10_000, 2_345]);
    expect(listDocuments(store.db).total).toBe(1);
    expect(listAuditEvents(store.db, { action: 'document.staged' }).total).toBe(1);
    expect(getDocumentBySource(store.db, 'concur', 'RPT-1')?.id).toBe(first.id);
  });

  it('refuses a malformed document naming the field', () => {
    expect(() =>
      stageDocument(store.db, { document: makeDocument({ totalMinor: 12.5 }), rawPayload: '{}' }, system),
    ).toThrow(/totalMinor/);
    expect(() =>
      stageDocument(
        store.db,
        { document: makeDocument({ documentDate: '02.11.2026' }), rawPayload: '{}' },
        system,
      ),
    ).toThrow(/documentDate: must be a date/);
    expect(() => stageDocument(store.db, { document: makeDocument(), rawPayload: '' }, system)).toThrow(
      /rawPayload/,
    );
    expect(() =>
      stageDocument(store.db, { document: makeDocument(), rawPayload: '{}' }, { actor: ' ' }),
    ).toThrow(/actor/);
  });

  it('records a validation, replacing the previous exceptions, with the mapping version used', () => {
    const { id } = stageDocument(store.db, { document: makeDocument(), rawPayload: '{}' }, system);
    recordValidation(
      store.db,
      id,
      {
        document: makeDocument({ entity: '10USA' }),
        state: 'exception',
        mappingVersion: 3,
        exceptions: [
          {
            cause: 'unmapped_value',
            message: 'Vendor V-ACME has no QAD supplier',
            field: 'payee.code',
            value: 'V-ACME',
            mapping: 'vendor',
          },
          { cause: 'closed_period', message: 'Period 2026-11 is closed in 10USA' },
        ],
      },
      system,
    );
    expect(getDocument(store.db, id)).toMatchObject({
      state: 'exception',
      entity: '10USA',
      mappingVersion: 3,
      exceptionCount: 2,
    });

    const resolved = makeDocument({
      entity: '10USA',
      supplier: 'S-2001',
      lines: [{ lineNo: 1, description: 'All', amountMinor: 12_345, source: {}, qad: { glAccount: '6100' } }],
    });
    const detail = recordValidation(
      store.db,
      id,
      { document: resolved, state: 'ready', mappingVersion: 4, exceptions: [] },
      system,
    );
    expect(detail).toMatchObject({
      state: 'ready',
      supplier: 'S-2001',
      mappingVersion: 4,
      exceptions: [],
      exceptionCount: 0,
    });
    expect(detail.lines).toEqual(resolved.lines);
    expect(
      listAuditEvents(store.db, { action: 'document.validated', limit: 1 }).events[0]?.detail,
    ).toMatchObject({
      from: 'exception',
      to: 'ready',
      mappingVersion: 4,
    });

    expect(() =>
      recordValidation(
        store.db,
        id,
        { document: resolved, state: 'ready', mappingVersion: 4, exceptions: [], expectState: ['staged'] },
        system,
      ),
    ).toThrow(/is ready, expected staged/);
    expect(() =>
      recordValidation(
        store.db,
        id,
        { document: makeDocument({ sourceId: 'OTHER' }), state: 'ready', mappingVersion: 4, exceptions: [] },
        system,
      ),
    ).toThrow(/not concur:OTHER/);
  });

  it('changes state only from an expected state, and repeating a change is a no-op', () => {
    const { id } = stageDocument(store.db, { document: makeDocument(), rawPayload: '{}' }, system);
    expect(
      setDocumentState(store.db, id, 'ready', { actor: 'ann', at: at(5) }, { from: 'staged' }),
    ).toMatchObject({
      state: 'ready',
      updatedAt: at(5),
    });
    setDocumentState(store.db, id, 'ready', system, { from: 'staged' });
    expect(listAuditEvents(store.db, { action: 'document.state_changed' }).total).toBe(1);
    try {
      setDocumentState(store.db, id, 'posting', system, { from: ['released'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('conflict');
    }
    expect(() => setDocumentState(store.db, 999, 'ready', system)).toThrow(/document 999 does not exist/);
  });

  describe('list and counts', () => {
    beforeEach(() => {
      const docs = [
        makeDocument({
          sourceId: 'C-1',
          entity: '10USA',
          supplier: 'S-1',
          totalMinor: 5_000,
          documentDate: '2026-10-01',
        }),
        makeDocument({
          sourceId: 'C-2',
          entity: '10USA',
          supplier: 'S-2',
          totalMinor: 50_000,
          documentDate: '2026-11-01',
          description: 'Forklift repair',
        }),
        makeDocument({
          sourceId: 'C-3',
          entity: '20DEU',
          currency: 'EUR',
          totalMinor: 700,
          documentDate: '2026-11-15',
          invoiceNumber: 'INV-77',
        }),
        makeDocument({
          source: 'expensify',
          sourceId: 'E-1',
          kind: 'expense_report',
          entity: '10USA',
          currency: 'USD',
          totalMinor: -1_500,
          documentDate: '2026-11-20',
          payee: { kind: 'employee', code: 'ann@example.com', name: 'Ann Lee' },
        }),
      ];
      docs.forEach((document, i) =>
        stageDocument(store.db, { document, rawPayload: '{}' }, { actor: 'system', at: at(i) }),
      );
      const c2 = getDocumentBySource(store.db, 'concur', 'C-2');
      setDocumentState(store.db, c2?.id ?? 0, 'exception', system);
    });

    const ids = (result: { rows: readonly { sourceId: string }[] }) => result.rows.map((r) => r.sourceId);

    it('filters by each field and pages with a total', () => {
      expect(ids(listDocuments(store.db))).toEqual(['E-1', 'C-3', 'C-2', 'C-1']);
      expect(ids(listDocuments(store.db, { source: 'expensify' }))).toEqual(['E-1']);
      expect(ids(listDocuments(store.db, { state: 'exception' }))).toEqual(['C-2']);
      expect(ids(listDocuments(store.db, { entity: '20DEU' }))).toEqual(['C-3']);
      expect(ids(listDocuments(store.db, { supplier: 'S-1' }))).toEqual(['C-1']);
      expect(ids(listDocuments(store.db, { currency: 'EUR' }))).toEqual(['C-3']);
      expect(ids(listDocuments(store.db, { from: '2026-11-01', to: '2026-11-15' }))).toEqual(['C-3', 'C-2']);
      expect(ids(listDocuments(store.db, { minAmountMinor: 0, maxAmountMinor: 5_000 }))).toEqual([
        'C-3',
        'C-1',
      ]);
      expect(ids(listDocuments(store.db, { maxAmountMinor: 0 }))).toEqual(['E-1']);
      expect(ids(listDocuments(store.db, { search: 'FORKLIFT' }))).toEqual(['C-2']);
      expect(ids(listDocuments(store.db, { search: 'ann lee' }))).toEqual(['E-1']);
      expect(ids(listDocuments(store.db, { search: 'inv-77' }))).toEqual(['C-3']);
      expect(ids(listDocuments(store.db, { search: '100%_' }))).toEqual([]);
      expect(ids(listDocuments(store.db, { sort: { field: 'totalMinor', direction: 'asc' } }))).toEqual([
        'E-1',
        'C-3',
        'C-1',
        'C-2',
      ]);
      const page = listDocuments(store.db, { source: 'concur', offset: 1, limit: 1 });
      expect(page.total).toBe(3);
      expect(ids(page)).toEqual(['C-2']);
      expect(listDocuments(store.db, { search: 'ann' }).rows[0]).toMatchObject({
        payee: 'Ann Lee',
        exceptionCount: 0,
      });
      expect(() => listDocuments(store.db, { limit: 0 })).toThrow(/limit/);
    });

    it('sorts by every field the contract offers, both ways, and pages in that order', () => {
      const sorted = (field: DocumentSortField, direction: 'asc' | 'desc') =>
        ids(listDocuments(store.db, { sort: { field, direction } }));
      expect(sorted('documentDate', 'asc')).toEqual(['C-1', 'C-2', 'C-3', 'E-1']);
      expect(sorted('totalMinor', 'desc')).toEqual(['C-2', 'C-1', 'C-3', 'E-1']);
      expect(sorted('sourceId', 'asc')).toEqual(['C-1', 'C-2', 'C-3', 'E-1']);
      expect(sorted('state', 'asc')).toEqual(['C-2', 'C-1', 'C-3', 'E-1']);
      // Ties (same state, no supplier) are broken by id in the same direction, so desc is asc reversed.
      for (const field of DOCUMENT_SORT_FIELDS) {
        expect(sorted(field, 'desc')).toEqual([...sorted(field, 'asc')].reverse());
      }
      const pages = [0, 2].flatMap((offset) =>
        ids(listDocuments(store.db, { sort: { field: 'totalMinor', direction: 'asc' }, offset, limit: 2 })),
      );
      expect(pages).toEqual(['E-1', 'C-3', 'C-1', 'C-2']);
      expect(() =>
        listDocuments(store.db, { sort: { field: 'payee' as DocumentSortField, direction: 'asc' } }),
      ).toThrow(/^sort\.field: /);
    });

    it('counts per source, entity and state', () => {
      expect(countDocumentsByState(store.db)).toEqual([
        { source: 'concur', entity: '10USA', state: 'exception', count: 1 },
        { source: 'concur', entity: '10USA', state: 'staged', count: 1 },
        { source: 'concur', entity: '20DEU', state: 'staged', count: 1 },
        { source: 'expensify', entity: '10USA', state: 'staged', count: 1 },
      ]);
      expect(listDocumentIdsInState(store.db, 'staged', { source: 'concur' })).toHaveLength(2);
    });
  });
});
