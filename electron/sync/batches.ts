// Batches as the AP clerk sees them: ready documents grouped per (source, entity, currency, document kind,
// posting kind), with totals per supplier and per GL account so a release is a reviewed decision. A person
// releases by confirming the count and total they saw (refused if the batch changed since); auto-release
// does the same for the sources a controller listed in settings.posting.autoRelease.
import type { Source } from '../../shared/domain/document.ts';
import { sumMinor } from '../../shared/domain/money.ts';
import {
  type Batch,
  type BatchDetail,
  type WriteContext,
  StoreError,
  getBatch,
  getDocument,
  listBatches,
  releaseBatch,
} from '../store/index.ts';
import { type SyncRuntime, writeContext } from './runtime.ts';

export interface SupplierTotal {
  readonly supplier: string;
  readonly payee: string;
  readonly documentCount: number;
  readonly totalMinor: number;
}

export interface AccountTotal {
  readonly glAccount: string;
  readonly costCenter?: string;
  readonly lineCount: number;
  readonly totalMinor: number;
}

export interface BatchView extends BatchDetail {
  readonly supplierTotals: readonly SupplierTotal[];
  readonly accountTotals: readonly AccountTotal[];
}

export function batchView(rt: Pick<SyncRuntime, 'store'>, id: number): BatchView | undefined {
  const batch = getBatch(rt.store.db, id);
  if (!batch) return undefined;
  const suppliers = new Map<
    string,
    { supplier: string; payee: string; documentCount: number; amounts: number[] }
  >();
  const accounts = new Map<
    string,
    { glAccount: string; costCenter?: string; lineCount: number; amounts: number[] }
  >();
  for (const doc of batch.documents) {
    const s = suppliers.get(doc.supplier) ?? {
      supplier: doc.supplier,
      payee: doc.payee,
      documentCount: 0,
      amounts: [],
    };
    s.documentCount += 1;
    s.amounts.push(doc.totalMinor);
    suppliers.set(doc.supplier, s);
    const detail = getDocument(rt.store.db, doc.id);
    for (const line of detail?.lines ?? []) {
      const glAccount = line.qad?.glAccount ?? '';
      const costCenter = line.qad?.costCenter;
      const key = `${glAccount}\u0000${costCenter ?? ''}`;
      const a = accounts.get(key) ?? {
        glAccount,
        ...(costCenter ? { costCenter } : {}),
        lineCount: 0,
        amounts: [],
      };
      a.lineCount += 1;
      a.amounts.push(line.amountMinor);
      accounts.set(key, a);
    }
  }
  return {
    ...batch,
    supplierTotals: [...suppliers.values()]
      .map(({ amounts, ...rest }) => ({ ...rest, totalMinor: sumMinor(amounts) }))
      .sort((a, b) => a.supplier.localeCompare(b.supplier)),
    accountTotals: [...accounts.values()]
      .map(({ amounts, ...rest }) => ({ ...rest, totalMinor: sumMinor(amounts) }))
      .sort((a, b) => a.glAccount.localeCompare(b.glAccount)),
  };
}

export interface ReleaseConfirmation {
  /** What the person saw when they pressed release. */
  readonly documentCount: number;
  readonly totalMinor: number;
}

/**
 * Releases a batch as a person: refused (conflict) when its count or total changed since they looked, so
 * nobody releases money they did not see. Check and release are one transaction.
 */
export function releaseConfirmed(
  rt: Pick<SyncRuntime, 'store'>,
  id: number,
  seen: ReleaseConfirmation,
  ctx: WriteContext,
): Batch {
  return rt.store.tx((db) => {
    const batch = getBatch(db, id);
    if (!batch) throw new StoreError('not_found', `batch ${id} does not exist`);
    if (batch.documentCount !== seen.documentCount || batch.totalMinor !== seen.totalMinor) {
      throw new StoreError(
        'conflict',
        `batch ${id} now holds ${batch.documentCount} document(s) totalling ${batch.totalMinor} minor units of ${batch.currency}, ` +
          `not the ${seen.documentCount} totalling ${seen.totalMinor} you reviewed: look at it again before releasing`,
        'documentCount',
      );
    }
    return releaseBatch(db, id, ctx);
  });
}

export const AUTO_RELEASE_ACTOR = 'auto-release';

/** Releases every open batch of the source when a controller switched auto-release on for it. */
export function autoRelease(rt: SyncRuntime, source: Source): readonly Batch[] {
  if (!rt.settings.posting.autoRelease.includes(source)) return [];
  const released: Batch[] = [];
  const open = listBatches(rt.store.db, { state: 'open', source, limit: 1000 }).batches;
  for (const batch of open) {
    try {
      released.push(releaseBatch(rt.store.db, batch.id, writeContext(rt, AUTO_RELEASE_ACTOR)));
    } catch (error) {
      // A member went back to exception since it joined: the batch waits; the rest still go.
      if (!(error instanceof StoreError && error.code === 'conflict')) throw error;
    }
  }
  return released;
}
