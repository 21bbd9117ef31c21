// Server-side sorting of the Documents and Audit grids: what a header click sends to the engine, and that the
// contract refuses a sort the engine does not offer, naming the field.
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../electron/ipc/router.ts';
import { AUDIT_SORT_COLUMNS, auditSort } from '../../renderer/features/audit/sort.ts';
import { DOCUMENT_SORT_COLUMNS, documentSort } from '../../renderer/features/documents/sort.ts';
import { AUDIT_SORT_FIELDS, DOCUMENT_SORT_FIELDS, operations } from '../../shared/contract/index.ts';
import { createStubHandlers } from '../ipc/support/stub-handlers.ts';

const ctx = { actor: 'jane', transport: 'http' } as const;
const router = () => createRouter(createStubHandlers().handlers, { log: silent });
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('grid sort to engine sort', () => {
  it('sends the engine field of the first sorted column, and nothing when unsorted', () => {
    expect(documentSort([{ colId: 'amount', sort: 'asc' }])).toEqual({
      field: 'totalMinor',
      direction: 'asc',
    });
    expect(
      documentSort([
        { colId: 'documentDate', sort: 'desc' },
        { colId: 'state', sort: 'asc' },
      ]),
    ).toEqual({ field: 'documentDate', direction: 'desc' });
    expect(documentSort([])).toBeUndefined();
    // A column the engine cannot order by (or an inherited key) falls back to the default order.
    expect(documentSort([{ colId: 'payee', sort: 'asc' }])).toBeUndefined();
    expect(documentSort([{ colId: 'toString', sort: 'asc' }])).toBeUndefined();
    expect(auditSort([{ colId: 'at', sort: 'asc' }])).toEqual({ field: 'at', direction: 'asc' });
    expect(auditSort([{ colId: 'actor', sort: 'asc' }])).toBeUndefined();
  });

  it('only maps columns to fields the contract accepts', () => {
    for (const field of Object.values(DOCUMENT_SORT_COLUMNS)) expect(DOCUMENT_SORT_FIELDS).toContain(field);
    for (const field of Object.values(AUDIT_SORT_COLUMNS)) expect(AUDIT_SORT_FIELDS).toContain(field);
    const parsed = operations['documents/list'].args.parse({ sort: { field: 'totalMinor' } });
    expect(parsed.sort).toEqual({ field: 'totalMinor', direction: 'desc' });
  });
});

describe('the contract refuses a sort it does not offer', () => {
  it('names sort.field and lists the fields it takes', async () => {
    const documents = await router().invoke(
      'documents/list',
      { sort: { field: 'payee', direction: 'asc' } },
      ctx,
    );
    expect(documents).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'sort.field' } });
    if (!documents.ok)
      expect(documents.error.message).toBe(`sort.field: must be one of ${DOCUMENT_SORT_FIELDS.join(', ')}`);

    const audit = await router().invoke(
      'audit/list',
      { sort: { field: 'actor; DROP TABLE x', direction: 'asc' } },
      ctx,
    );
    expect(audit).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'sort.field' } });
    if (!audit.ok) expect(audit.error.message).toBe('sort.field: must be one of seq, at');
  });

  it('names a bad direction and an unknown key inside sort', async () => {
    const direction = await router().invoke('audit/list', { sort: { field: 'seq', direction: 'up' } }, ctx);
    expect(direction).toMatchObject({ ok: false, error: { field: 'sort.direction' } });
    const extra = await router().invoke('documents/list', { sort: { field: 'state', nulls: 'last' } }, ctx);
    expect(extra).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'sort.nulls', message: 'sort.nulls: is not a known field' },
    });
  });

  it('passes a valid sort through', async () => {
    const result = await router().invoke('audit/list', { sort: { field: 'at', direction: 'asc' } }, ctx);
    expect(result.ok).toBe(true);
  });
});
