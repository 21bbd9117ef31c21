// Contract area "qad": the valid QAD values a person may pick in a mapping cell, read from the engine's
// local QAD cache (never a live QAD call per keystroke). Merged into shared/contract/index.ts.
import { z } from 'zod';
import { operation } from './define.ts';

/** What a mapping target can name; `entity` lists the QAD entities (financial companies) known. */
export const QAD_VALUE_KINDS = [
  'supplier',
  'gl_account',
  'sub_account',
  'cost_center',
  'project',
  'entity',
] as const;
export type QadValueKind = (typeof QAD_VALUE_KINDS)[number];

export interface QadValue {
  readonly code: string;
  /** Supplier name, account description, ...; '' when QAD has none. */
  readonly description: string;
  /** Inactive values are listed so a grid can flag a mapping that points at one; they are not pickable. */
  readonly active: boolean;
  /** The entity the value belongs to, '*' for domain-wide values (sub-accounts, projects, suppliers). */
  readonly entity: string;
  /** GL accounts only: header accounts take no postings. Absent means postable. */
  readonly postable?: boolean;
}

export const qadOperations = {
  /**
   * Values of one kind from the QAD cache, ordered by code. With `entity`, the entity's own values plus the
   * domain-wide ('*') ones. `search` matches code or description, case-insensitive, anywhere.
   */
  'qad/values': operation(
    z.strictObject({
      kind: z.enum(QAD_VALUE_KINDS, {
        error: 'kind must be supplier, gl_account, sub_account, cost_center, project or entity',
      }),
      entity: z.string().trim().min(1).max(40).optional(),
      search: z.string().max(200).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(20_000).default(200),
    }),
  ).returns<{
    readonly values: readonly QadValue[];
    /** All matching values, beyond the page. */
    readonly total: number;
    /** When the cache for this kind was last refreshed from QAD; absent when it never was. */
    readonly refreshedAt?: string;
  }>(),
} as const;
