import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  type Store,
  appendAudit,
  auditHead,
  listAuditEvents,
  setDocumentState,
  stageDocument,
  verifyAuditChain,
} from '../../electron/store/index.ts';
import { at, makeDocument, memoryStore, system } from './helpers.ts';

// What an attacker holding the database file can do: drop the append-only triggers, then edit.
function dropGuards(store: Store): void {
  store.db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
}

describe('audit trail', () => {
  let store: Store;
  beforeEach(() => {
    store = memoryStore();
    for (let i = 1; i <= 5; i++) {
      appendAudit(store.db, {
        actor: i % 2 ? 'system' : 'ann',
        action: i % 2 ? 'document.staged' : 'batch.released',
        subjectType: 'document',
        subjectId: `concur:R${i}`,
        detail: { n: i, nested: { b: 1, a: [1, 'two'] } },
        at: at(i),
      });
    }
  });
  afterEach(() => store.close());

  it('chains every event to the one before, starting from 64 zeros', () => {
    const { events } = listAuditEvents(store.db, { limit: 10 });
    const oldestFirst = [...events].reverse();
    expect(oldestFirst.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(oldestFirst[0]?.prevHash).toBe(GENESIS_HASH);
    oldestFirst.slice(1).forEach((event, index) => expect(event.prevHash).toBe(oldestFirst[index]?.hash));
    expect(auditHead(store.db)).toEqual({ seq: 5, hash: oldestFirst[4]?.hash });
    expect(verifyAuditChain(store.db)).toEqual({ ok: true, checked: 5 });
  });

  it('refuses UPDATE and DELETE on the table', () => {
    expect(() => store.db.exec("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")).toThrow(
      /append-only/,
    );
    expect(() => store.db.exec('DELETE FROM audit_events WHERE seq = 2')).toThrow(/append-only/);
  });

  it('names the first changed event', () => {
    dropGuards(store);
    store.db.exec(`UPDATE audit_events SET detail_json = '{"n":999}' WHERE seq = 3`);
    store.db.exec(`UPDATE audit_events SET actor = 'mallory' WHERE seq = 4`);
    const result = verifyAuditChain(store.db);
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(2);
    expect(result.firstBroken?.seq).toBe(3);
    expect(result.firstBroken?.reason).toMatch(/event 3 was changed/);
  });

  it('names a deleted event as a gap', () => {
    dropGuards(store);
    store.db.exec('DELETE FROM audit_events WHERE seq = 2');
    expect(verifyAuditChain(store.db).firstBroken).toEqual({
      seq: 2,
      reason: 'event 2 is missing: the trail jumps from 1 to 3',
    });
  });

  it('detects the newest events being deleted', () => {
    dropGuards(store);
    store.db.exec('DELETE FROM audit_events WHERE seq >= 4');
    expect(verifyAuditChain(store.db).firstBroken).toEqual({
      seq: 4,
      reason: 'events 4..5 were deleted from the end of the trail',
    });
  });

  it('detects a renumbered deletion and a rewritten event by the broken link', () => {
    dropGuards(store);
    // Remove event 3 and close the gap: event 4 becomes 3, its hash no longer fits.
    store.db.exec(
      'DELETE FROM audit_events WHERE seq = 3; UPDATE audit_events SET seq = seq - 1 WHERE seq > 3',
    );
    expect(verifyAuditChain(store.db).firstBroken?.seq).toBe(3);
  });

  it('names the link when an event was rewritten with a freshly computed hash', () => {
    dropGuards(store);
    const { events } = listAuditEvents(store.db, { limit: 10 });
    const third = events.find((e) => e.seq === 3);
    // Rewrite 3 as a valid-looking event: append a copy to a scratch store with the same predecessor.
    const forged = memoryStore();
    forged.db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    const rows = store.db.prepare('SELECT * FROM audit_events WHERE seq <= 2 ORDER BY seq').all() as Record<
      string,
      unknown
    >[];
    const insert = forged.db.prepare(
      'INSERT INTO audit_events VALUES (@seq, @at, @actor, @action, @subject_type, @subject_id, @detail_json, @prev_hash, @hash)',
    );
    for (const row of rows) insert.run(row);
    const fake = appendAudit(forged.db, {
      actor: 'mallory',
      action: 'batch.released',
      at: third?.at ?? at(3),
    });
    forged.close();
    store.db
      .prepare(
        'UPDATE audit_events SET actor = ?, action = ?, subject_type = NULL, subject_id = NULL, detail_json = ?, hash = ? WHERE seq = 3',
      )
      .run('mallory', 'batch.released', '{}', fake.hash);
    const result = verifyAuditChain(store.db);
    expect(result.firstBroken?.seq).toBe(4);
    expect(result.firstBroken?.reason).toMatch(/does not link/);
  });

  it('detects two events swapped', () => {
    dropGuards(store);
    store.db.exec(`
      UPDATE audit_events SET seq = -2 WHERE seq = 2;
      UPDATE audit_events SET seq = 2 WHERE seq = 3;
      UPDATE audit_events SET seq = 3 WHERE seq = -2;`);
    expect(verifyAuditChain(store.db).firstBroken?.seq).toBe(2);
  });

  it('lists with filters, newest first, with a total', () => {
    expect(listAuditEvents(store.db, { actor: 'ann' }).total).toBe(2);
    expect(listAuditEvents(store.db, { subjectId: 'concur:R3' }).events.map((e) => e.seq)).toEqual([3]);
    expect(listAuditEvents(store.db, { action: 'document.' }).events.map((e) => e.seq)).toEqual([5, 3, 1]);
    expect(listAuditEvents(store.db, { action: 'document' }).total).toBe(0);
    const page = listAuditEvents(store.db, { offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 5 });
    expect(page.events.map((e) => e.seq)).toEqual([4, 3]);
    expect(listAuditEvents(store.db, { from: '2026-11-25', to: '2026-11-25' }).total).toBe(5);
    expect(listAuditEvents(store.db, { to: '2026-11-24' }).total).toBe(0);
    expect(listAuditEvents(store.db, { limit: 1 }).events[0]?.detail).toEqual({
      n: 5,
      nested: { a: [1, 'two'], b: 1 },
    });
  });

  it('sorts by seq or by time, either way, newest first by default', () => {
    // An event stamped earlier than the ones before it (an import), and two sharing one timestamp.
    appendAudit(store.db, { actor: 'ann', action: 'document.imported', at: at(0) });
    appendAudit(store.db, { actor: 'ann', action: 'document.imported', at: at(9) });
    appendAudit(store.db, { actor: 'ann', action: 'document.imported', at: at(9) });
    const seqs = (sort?: NonNullable<Parameters<typeof listAuditEvents>[1]>['sort']) =>
      listAuditEvents(store.db, { ...(sort ? { sort } : {}), limit: 100 }).events.map((e) => e.seq);
    expect(seqs()).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(seqs({ field: 'seq', direction: 'asc' })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seqs({ field: 'seq' })).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(seqs({ field: 'at', direction: 'asc' })).toEqual([6, 1, 2, 3, 4, 5, 7, 8]);
    expect(seqs({ field: 'at', direction: 'desc' })).toEqual([8, 7, 5, 4, 3, 2, 1, 6]);
    // Pages follow the sort, so scrolling a sorted grid neither repeats nor skips an event.
    const paged = [0, 3, 6].flatMap((offset) =>
      listAuditEvents(store.db, { sort: { field: 'at', direction: 'asc' }, offset, limit: 3 }).events.map(
        (e) => e.seq,
      ),
    );
    expect(paged).toEqual([6, 1, 2, 3, 4, 5, 7, 8]);
    // Filters still apply under a sort.
    expect(
      listAuditEvents(store.db, { actor: 'ann', sort: { field: 'at', direction: 'asc' } }).events.map(
        (e) => e.seq,
      ),
    ).toEqual([6, 2, 4, 7, 8]);
  });

  it('refuses a sort on anything but seq or at, naming the field', () => {
    for (const field of ['actor', 'seq; DROP TABLE audit_events', '']) {
      expect(() => listAuditEvents(store.db, { sort: { field: field as 'seq', direction: 'asc' } })).toThrow(
        /^sort\.field: /,
      );
    }
    expect(() =>
      listAuditEvents(store.db, { sort: { field: 'seq', direction: 'sideways' as 'asc' } }),
    ).toThrow(/^sort\.direction: /);
    expect(listAuditEvents(store.db).total).toBe(5);
  });

  it('refuses bad input naming the field', () => {
    expect(() => appendAudit(store.db, { actor: '', action: 'document.staged' })).toThrow(/actor/);
    expect(() => appendAudit(store.db, { actor: 'ann', action: 'Staged!' })).toThrow(/action must look like/);
    expect(() => listAuditEvents(store.db, { from: '25/11/2026' })).toThrow(/from: must be a date/);
  });
});

describe('state change and audit commit together', () => {
  it('leaves no change and no audit row when the transaction throws', () => {
    const store = memoryStore();
    const { id } = stageDocument(store.db, { document: makeDocument(), rawPayload: '{}' }, system);
    const before = verifyAuditChain(store.db).checked;
    expect(() =>
      store.tx((db) => {
        setDocumentState(db, id, 'ready', { actor: 'ann' });
        throw new Error('QAD answered something unexpected');
      }),
    ).toThrow(/unexpected/);
    expect(store.db.prepare('SELECT state FROM documents WHERE id = ?').get(id)).toEqual({ state: 'staged' });
    expect(verifyAuditChain(store.db)).toEqual({ ok: true, checked: before });
    expect(listAuditEvents(store.db, { action: 'document.state_changed' }).total).toBe(0);

    store.tx((db) => setDocumentState(db, id, 'ready', { actor: 'ann' }));
    expect(listAuditEvents(store.db, { action: 'document.state_changed' }).events[0]).toMatchObject({
      actor: 'ann',
      subjectId: 'concur:RPT-1',
      detail: { from: 'staged', to: 'ready' },
    });
    store.close();
  });

  it('rolls back a repository change whose own audit append fails', () => {
    const store = memoryStore();
    const { id } = stageDocument(store.db, { document: makeDocument(), rawPayload: '{}' }, system);
    expect(() => setDocumentState(store.db, id, 'ready', system, { detail: { bad: Number.NaN } })).toThrow(
      /not a finite number/,
    );
    expect(store.db.prepare('SELECT state FROM documents WHERE id = ?').get(id)).toEqual({ state: 'staged' });
    store.close();
  });
});
