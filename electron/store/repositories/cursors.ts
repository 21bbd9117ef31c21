// Where each source stream left off. Advance a cursor only after the documents it covers are staged
// (reliability.md A3, "How ELT tools checkpoint"): ideally in the same store.tx as the last of them.
import { z } from 'zod';
import { type CursorRow, rowToCursor } from '../rows.ts';
import { type Db, type WriteContext, parse, resolveContext, stmt, writeTx } from '../sql.ts';
import type { Cursor } from '../types.ts';
import { auditChange } from './audit.ts';

const keySchema = z.object({
  source: z.string().trim().min(1, 'source is required').max(40),
  stream: z.string().trim().min(1, 'stream is required').max(80),
});

export function getCursor(db: Db, source: string, stream: string): Cursor | undefined {
  const row = stmt(db, 'SELECT * FROM cursors WHERE source = ? AND stream = ?').get(source, stream) as
    CursorRow | undefined;
  return row && rowToCursor(row);
}

/** Sets the cursor; an unchanged value writes nothing and leaves no audit event. */
export function setCursor(db: Db, source: string, stream: string, value: string, ctx: WriteContext): Cursor {
  const key = parse(keySchema, { source, stream });
  const v = parse(z.string().max(4000), value);
  const c = resolveContext(ctx);
  return writeTx(db, () => {
    const before = getCursor(db, key.source, key.stream);
    if (before?.value === v) return before;
    stmt(
      db,
      `INSERT INTO cursors (source, stream, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(key.source, key.stream, v, c.at);
    auditChange(
      db,
      c,
      'cursor.advanced',
      { type: 'cursor', id: `${key.source}/${key.stream}` },
      {
        from: before?.value ?? null,
        to: v,
      },
    );
    return getCursor(db, key.source, key.stream) as Cursor;
  });
}

export function listCursors(db: Db): readonly Cursor[] {
  return (stmt(db, 'SELECT * FROM cursors ORDER BY source, stream').all() as CursorRow[]).map(rowToCursor);
}
