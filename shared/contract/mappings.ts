// Contract area "mappings": the mapping grid. Every save is one new version (who, when, note), audited,
// and the documents waiting on the changed values are re-validated at once; the answer says how many
// cleared. Merged into shared/contract/index.ts.
import { z } from 'zod';
import { MAPPING_KINDS } from '../domain/exception.ts';
import type { MappingKind } from '../domain/exception.ts';
import { operation } from './define.ts';

export interface MappingRowView {
  readonly id: number;
  readonly kind: MappingKind;
  /** A QAD entity, or '*' for every entity. */
  readonly entity: string;
  readonly sourceValue: string;
  /** e.g. `{ supplier }`, `{ glAccount, subAccount?, costCenter? }`, `{ costCenter }`, `{ entity }`. */
  readonly target: Readonly<Record<string, string>>;
  readonly validFromVersion: number;
}

export interface MappingSetResult {
  /** The new version (or the current one when nothing changed). */
  readonly version: number;
  readonly changed: number;
  /** Documents re-validated because they waited (exception / awaiting receipt). */
  readonly revalidated: number;
  /** Of those, how many became ready. */
  readonly cleared: number;
  readonly stillWaiting: number;
}

const target = z
  .partialRecord(
    z.enum(['supplier', 'glAccount', 'subAccount', 'costCenter', 'entity', 'project'], {
      error: 'target keys are supplier, glAccount, subAccount, costCenter, entity or project',
    }),
    z.string().trim().min(1, 'target values must not be empty').max(80),
  )
  .refine((t) => Object.keys(t).length > 0, 'target needs at least one field, e.g. { glAccount }')
  .nullable();

export const mappingOperations = {
  'mappings/list': operation(
    z.strictObject({
      kind: z.enum(MAPPING_KINDS).optional(),
      entity: z.string().max(40).optional(),
      search: z.string().max(200).optional(),
      version: z.number().int().min(0).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(100_000).default(10_000),
    }),
  ).returns<{
    readonly version: number;
    readonly mappings: readonly MappingRowView[];
    readonly total: number;
  }>(),
  'mappings/set': operation(
    z.strictObject({
      changes: z
        .array(
          z.strictObject({
            kind: z.enum(MAPPING_KINDS),
            entity: z.string().trim().min(1).max(40).optional(),
            sourceValue: z.string().trim().min(1, 'sourceValue is required').max(200),
            /** null removes the mapping from the new version on. */
            target,
          }),
        )
        .min(1, 'changes must hold at least one mapping')
        .max(10_000),
      note: z.string().max(500).optional(),
    }),
  ).returns<MappingSetResult>(),
} as const;
