// `qad/values`: the valid QAD values a person may pick in a mapping cell, read from the local QAD cache
// (refreshed by the masterData flow), never from QAD itself per keystroke.
import type { OperationResult, ParsedArgs } from '../../shared/contract/index.ts';
import type { QadValue } from '../../shared/contract/qad.ts';
import { listQadRecords, qadCacheFreshness, type QadRecord, type Store } from '../store/index.ts';

export function qadValues(store: Store, args: ParsedArgs<'qad/values'>): OperationResult<'qad/values'> {
  const freshness = qadCacheFreshness(store.db).filter((f) => f.kind === args.kind);
  const entities = args.entity ? [args.entity, '*'] : freshness.map((f) => f.entity);
  const search = args.search?.trim().toLowerCase();
  const values = [...new Set(entities)]
    .flatMap((entity) => listQadRecords(store.db, args.kind, entity))
    .map(toValue)
    .filter(
      (v) => !search || v.code.toLowerCase().includes(search) || v.description.toLowerCase().includes(search),
    )
    .sort((a, b) => a.code.localeCompare(b.code) || a.entity.localeCompare(b.entity));
  const refreshedAt = freshness
    .map((f) => f.refreshedAt)
    .sort()
    .at(-1);
  return {
    values: values.slice(args.offset, args.offset + args.limit),
    total: values.length,
    ...(refreshedAt ? { refreshedAt } : {}),
  };
}

function toValue(record: QadRecord): QadValue {
  const p = record.payload;
  const description =
    typeof p.name === 'string' ? p.name : typeof p.description === 'string' ? p.description : '';
  return {
    code: record.code,
    description,
    active: record.active,
    entity: record.entity,
    ...(record.kind === 'gl_account' && typeof p.postable === 'boolean' ? { postable: p.postable } : {}),
  };
}
