// The GL alignment report over staged Concur documents: per expense type the account codes seen, in how many
// documents, and whether QAD takes each (active, postable, in the document's entity); plus the CLI bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalDocument, DocumentLine } from '../../../shared/domain/document.ts';
import type { GlReportExpenseType } from '../../../shared/contract/lists.ts';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { replaceQadCache, stageDocument, type Store } from '../../../electron/store/index.ts';
import {
  buildGlReport,
  createListHandlers,
  runGlReport,
  runListsPush,
} from '../../../electron/connectors/concur-lists/index.ts';
import { listWrites, qadStore, rig, startSim } from './helpers.ts';

let store: Store;

function line(lineNo: number, source: DocumentLine['source']): DocumentLine {
  return { lineNo, description: `line ${lineNo}`, amountMinor: 1000, source };
}

function doc(
  sourceId: string,
  kind: CanonicalDocument['kind'],
  entity: string,
  lines: DocumentLine[],
  source: CanonicalDocument['source'] = 'concur',
): CanonicalDocument {
  return {
    source,
    sourceId,
    kind,
    sourceEntity: entity === '10USA' ? 'US01' : 'DE01',
    entity,
    currency: entity === '10USA' ? 'USD' : 'EUR',
    totalMinor: 1000 * lines.length,
    documentDate: '2026-11-18',
    description: sourceId,
    payee: kind === 'invoice' ? { kind: 'vendor', code: 'APEX' } : { kind: 'employee', code: 'E1001' },
    lines,
  };
}

function stage(document: CanonicalDocument, fis: unknown = {}): void {
  stageDocument(
    store.db,
    { document, rawPayload: JSON.stringify({ id: document.sourceId, document: fis }) },
    { actor: 'test' },
  );
}

function stageSamples(): void {
  // An account QAD keeps only for the German entity.
  replaceQadCache(
    store.db,
    'gl_account',
    '20DEU',
    [{ code: '7000', payload: { description: 'Local tax', postable: true }, active: true }],
    { actor: 'test' },
  );
  stage(
    doc('EXP1', 'expense_report', '10USA', [
      line(1, { expenseType: 'MEALS', expenseTypeName: 'Meals', accountCode: '6120', costObject: '10ASSY' }),
      line(2, { expenseType: 'PHONE', expenseTypeName: 'Phone', accountCode: '6600' }),
      line(3, { expenseType: 'MISC', accountCode: '7000' }),
    ]),
    {
      expenseEntry: [
        { expenseTypeCode: 'MEALS', clearingAccountCode: '2400', liabilityAccountCode: '2010' },
        { expenseTypeCode: 'PHONE', liabilityAccountCode: '2999' },
      ],
    },
  );
  stage(
    doc('EXP2', 'expense_report', '10USA', [
      line(1, { expenseType: 'MEALS', accountCode: '6120', costObject: '10GONE' }),
      line(2, { expenseType: 'MEALS', accountCode: '6120' }),
      line(3, { expenseType: 'AIRFR', expenseTypeName: 'Airfare', accountCode: '9999' }),
    ]),
  );
  stage(doc('INV1', 'invoice', '20DEU', [line(1, { expenseType: 'PURCH', accountCode: '6000' })]), {
    lineItem: [
      {
        expenseTypeCode: 'PURCH',
        allocation: [{ allocationAccountCode: '6000', journal: { accountCode: 5000 } }],
      },
    ],
  });
  // Expensify documents are not Concur's: left out.
  stage(
    doc('X1', 'expense_report', '10USA', [line(1, { category: 'Meals', accountCode: '1234' })], 'expensify'),
  );
}

function accounts(t: GlReportExpenseType | undefined): string[] {
  return (t?.accounts ?? []).map((a) => `${a.field} ${a.code} ${a.documents} ${a.state}`);
}

describe('GL alignment report', () => {
  beforeEach(() => {
    store = qadStore();
    stageSamples();
  });
  afterEach(() => store.close());

  it('counts the account codes per expense type and checks each against QAD', () => {
    const report = buildGlReport(store.db, { now: () => new Date('2026-11-25T10:00:00Z') });
    expect(report.documents).toBe(3);
    const byType = new Map(report.expenseTypes.map((t) => [t.expenseType, t]));
    expect([...byType.keys()]).toEqual(['AIRFR', 'MEALS', 'MISC', 'PHONE', 'PURCH']);
    expect(byType.get('MEALS')?.documents).toBe(2);
    expect(byType.get('MEALS')?.expenseTypeName).toBe('Meals');
    expect(accounts(byType.get('MEALS'))).toEqual([
      'clearingAccountCode 2400 1 ok',
      'journalAccountCode 6120 2 ok',
      'liabilityAccountCode 2010 1 ok',
    ]);
    expect(accounts(byType.get('PHONE'))).toEqual([
      'journalAccountCode 6600 1 inactive',
      'liabilityAccountCode 2999 1 unknown',
    ]);
    expect(accounts(byType.get('AIRFR'))).toEqual(['journalAccountCode 9999 1 unknown']);
    expect(accounts(byType.get('MISC'))).toEqual(['journalAccountCode 7000 1 not_in_entity']);
    expect(byType.get('MISC')?.accounts[0]?.message).toContain('20DEU');
    expect(accounts(byType.get('PURCH'))).toEqual([
      'allocationAccountCode 6000 1 not_postable',
      'journal.accountCode 5000 1 ok',
    ]);
    expect(byType.get('PURCH')?.accounts[0]?.entities).toEqual(['20DEU']);
    expect(report.problems).toBe(5);
    expect(report.dimensions.map((d) => `${d.field} ${d.code} ${d.documents} ${d.known}`)).toEqual([
      'costObject 10ASSY 1 true',
      'costObject 10GONE 1 false',
    ]);
  });

  it('through the handler and the CLI body: printed per expense type, JSON on request', async () => {
    const handlers = createListHandlers({
      store,
      settings: () => {
        throw new Error('not needed');
      },
      concur: () => {
        throw new Error('not needed');
      },
    });
    const lines: string[] = [];
    const code = await runGlReport({ lists: handlers, actor: 'ana', print: (l) => lines.push(l) }, {});
    expect(code).toBe(0);
    expect(lines[0]).toContain('3 Concur document(s), 5 account code(s)');
    expect(lines).toContain(
      '    FIX  journalAccountCode 9999: 1 document(s) [10USA] - QAD has no GL account 9999',
    );
    const json: string[] = [];
    await runGlReport(
      { lists: handlers, actor: 'ana', print: (l) => json.push(l) },
      { json: true, from: '2026-11-19' },
    );
    expect(JSON.parse(json[0] ?? '{}')).toMatchObject({ documents: 0, problems: 0 });
  });
});

describe('lists push CLI body', () => {
  let sim: ConcurSimulator;
  beforeEach(async () => {
    sim = await startSim();
    store = qadStore();
  });
  afterEach(async () => {
    store.close();
    await sim.close();
  });

  it('--preview prints every configured list and sends nothing; a wrong --confirm-delete exits 2; a push exits 0', async () => {
    const { settings, client } = rig(sim, store);
    const handlers = createListHandlers({ store, settings: () => settings, concur: () => client });
    const deps = (lines: string[]) => ({
      lists: handlers,
      settings: () => settings,
      actor: 'ana',
      print: (l: string) => lines.push(l),
    });

    const preview: string[] = [];
    expect(await runListsPush(deps(preview), { preview: true })).toBe(0);
    expect(preview.join('\n')).toContain('20DEU-20QUAL "Quality Stuttgart"');
    expect(preview.join('\n')).toContain('10USA-10SALES');
    expect(preview.join('\n')).toContain('"P-ERP"');
    expect(listWrites(sim)).toEqual([]);

    const wrong: string[] = [];
    expect(await runListsPush(deps(wrong), { confirmDelete: ['NOPE'] })).toBe(2);
    expect(wrong.join('\n')).toContain('NOPE');
    expect(listWrites(sim)).toEqual([]);

    const pushed: string[] = [];
    expect(await runListsPush(deps(pushed), { confirmDelete: ['P-OLD01'] })).toBe(0);
    expect(pushed.join('\n')).toContain('Concur list "Cost Center": 1 added, 1 renamed, 0 deleted');
    expect(pushed.join('\n')).toContain('Concur list "Project": 0 added, 1 renamed, 1 deleted');
  });
});
