import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../electron/store/index.ts';
import { memoryStore } from './helpers.ts';

const eventArb = fc.record({
  actor: fc.constantFrom('system', 'scheduler', 'ann', 'bo.lindqvist', 'Zoë'),
  action: fc.constantFrom('document.staged', 'batch.released', 'mapping.changed', 'posting.posted'),
  subjectId: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
  detail: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
});

const COLUMNS = ['at', 'actor', 'action', 'subject_id', 'detail_json', 'prev_hash', 'hash'] as const;

type Tamper =
  | { readonly kind: 'change'; readonly column: (typeof COLUMNS)[number]; readonly value: string }
  | { readonly kind: 'delete' };

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    kind: fc.constant('change' as const),
    column: fc.constantFrom(...COLUMNS),
    value: fc.string({ maxLength: 70 }),
  }),
  fc.constant({ kind: 'delete' as const }),
);

describe('audit chain (property)', () => {
  it('any sequence of appends verifies', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (events) => {
        const store = memoryStore();
        try {
          for (const event of events) appendAudit(store.db, event);
          expect(verifyAuditChain(store.db)).toEqual({ ok: true, checked: events.length });
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('any single-row tamper is detected and the tampered event is named', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        tamperArb,
        (events, pick, tamper) => {
          const store = memoryStore();
          try {
            for (const event of events) appendAudit(store.db, event);
            const seq = (pick % events.length) + 1;
            store.db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
            if (tamper.kind === 'delete') {
              store.db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seq);
            } else {
              const current = store.db
                .prepare(`SELECT ${tamper.column} AS v FROM audit_events WHERE seq = ?`)
                .get(seq) as {
                v: string | null;
              };
              fc.pre(current.v !== tamper.value);
              store.db
                .prepare(`UPDATE audit_events SET ${tamper.column} = ? WHERE seq = ?`)
                .run(tamper.value, seq);
            }
            const result = verifyAuditChain(store.db);
            expect(result.ok).toBe(false);
            expect(result.firstBroken?.seq).toBe(seq);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
