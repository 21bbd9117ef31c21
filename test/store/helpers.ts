// Fixtures for the store tests: a fresh store per test, and source documents with sensible defaults.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalDocument } from '../../shared/domain/document.ts';
import { type Store, type StoreOptions, openStore } from '../../electron/store/index.ts';

export const system = { actor: 'system' } as const;

export function memoryStore(options: StoreOptions = {}): Store {
  return openStore(':memory:', options);
}

/** A scratch folder removed by `cleanup`. */
export function scratchDir(): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeDocument(overrides: Partial<CanonicalDocument> = {}): CanonicalDocument {
  const sourceId = overrides.sourceId ?? 'RPT-1';
  return {
    source: 'concur',
    sourceId,
    kind: 'invoice',
    sourceEntity: 'US-WEST',
    currency: 'USD',
    totalMinor: 12_345,
    documentDate: '2026-11-02',
    description: 'Safety gloves',
    payee: { kind: 'vendor', code: 'V-ACME', name: 'Acme Industrial' },
    lines: [
      { lineNo: 1, description: 'Gloves, nitrile', amountMinor: 10_000, source: { expenseType: 'SUPPLIES' } },
      { lineNo: 2, description: 'Freight', amountMinor: 2_345, source: { expenseType: 'FREIGHT' } },
    ],
    ...overrides,
  };
}

export function at(minute: number): string {
  return new Date(Date.UTC(2026, 10, 25, 8, minute)).toISOString();
}
