import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Store,
  claimDueConfirmations,
  completeConfirmation,
  enqueueConfirmation,
  failConfirmation,
  listAuditEvents,
  listConfirmations,
  retryConfirmation,
  stageDocument,
} from '../../electron/store/index.ts';
import { at, makeDocument, memoryStore, system } from './helpers.ts';

describe('confirmation outbox', () => {
  let store: Store;
  let docs: number[];
  beforeEach(() => {
    store = memoryStore();
    docs = ['A', 'B', 'C'].map(
      (sourceId) =>
        stageDocument(store.db, { document: makeDocument({ sourceId }), rawPayload: '{}' }, system).id,
    );
  });
  afterEach(() => store.close());

  const enqueue = (documentId: number, minute: number) =>
    enqueueConfirmation(
      store.db,
      {
        documentId,
        targetSystem: 'concur',
        kind: 'posting_confirmation',
        payload: { voucher: `V${documentId}` },
      },
      { actor: 'system', at: at(minute) },
    );

  it('enqueues once per document, target and kind', () => {
    const first = enqueue(docs[0] ?? 0, 0);
    const again = enqueue(docs[0] ?? 0, 1);
    expect(first.created).toBe(true);
    expect(again).toEqual({ item: first.item, created: false });
    expect(listConfirmations(store.db).total).toBe(1);
    expect(() => enqueue(999, 0)).toThrow(/FOREIGN KEY/);
  });

  it('claims due items oldest first, leases them, and hands them out again when the lease ends', () => {
    enqueue(docs[1] ?? 0, 2);
    enqueue(docs[0] ?? 0, 1);
    enqueue(docs[2] ?? 0, 30); // not due yet at minute 10
    const claimed = claimDueConfirmations(store.db, { now: at(10), leaseMs: 60_000 });
    expect(claimed.map((i) => i.documentId)).toEqual([docs[1], docs[0]]);
    expect(claimed.every((i) => i.attempts === 1 && i.nextAttemptAt === at(11))).toBe(true);
    // Leased: a second relay (or a second tick) gets nothing until the lease runs out.
    expect(claimDueConfirmations(store.db, { now: at(10) })).toEqual([]);
    const reclaimed = claimDueConfirmations(store.db, { now: at(11), limit: 1 });
    expect(reclaimed).toHaveLength(1);
    expect(reclaimed[0]?.attempts).toBe(2);
  });

  it('completes, schedules retries and fails permanently, with audit events', () => {
    const { item } = enqueue(docs[0] ?? 0, 0);
    claimDueConfirmations(store.db, { now: at(1) });
    failConfirmation(store.db, item.id, { error: '503 from Concur', retryAt: at(20) }, system);
    expect(claimDueConfirmations(store.db, { now: at(19) })).toEqual([]);
    const [retry] = claimDueConfirmations(store.db, { now: at(20) });
    expect(retry).toMatchObject({ id: item.id, attempts: 2, lastError: '503 from Concur' });

    failConfirmation(store.db, item.id, { error: '198 do not retry' }, system);
    expect(listConfirmations(store.db, { state: 'failed' }).items.map((i) => i.id)).toEqual([item.id]);
    expect(claimDueConfirmations(store.db, { now: at(59) })).toEqual([]);

    retryConfirmation(store.db, item.id, { actor: 'ann', at: at(30) });
    expect(claimDueConfirmations(store.db, { now: at(31) }).map((i) => i.id)).toEqual([item.id]);
    expect(completeConfirmation(store.db, item.id, system).state).toBe('done');
    expect(completeConfirmation(store.db, item.id, system).state).toBe('done');
    expect(claimDueConfirmations(store.db, { now: at(59) })).toEqual([]);
    expect(() => failConfirmation(store.db, item.id, { error: 'late' }, system)).toThrow(
      /is done, not pending/,
    );

    const actions = listAuditEvents(store.db, { action: 'confirmation.' })
      .events.map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'confirmation.enqueued',
      'confirmation.retry_scheduled',
      'confirmation.failed',
      'confirmation.retried',
      'confirmation.done',
    ]);
  });
});
