// The contract areas of the document's road refuse bad input with a message naming the field.
import { describe, expect, it } from 'vitest';
import { batchOperations } from '../../shared/contract/batches.ts';
import { documentOperations } from '../../shared/contract/documents.ts';
import { exceptionOperations } from '../../shared/contract/exceptions.ts';
import { mappingOperations } from '../../shared/contract/mappings.ts';

function issue(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const first = result.error?.issues[0];
  return first ? `${first.path.map(String).join('.')}: ${first.message}` : 'ok';
}

describe('document road contract', () => {
  it('a release must carry the count and total the person reviewed', () => {
    const args = batchOperations['batches/release'].args;
    expect(issue(args.safeParse({ batchId: 3, documentCount: 2 }))).toMatch(/^totalMinor/);
    expect(issue(args.safeParse({ batchId: 3, documentCount: 0, totalMinor: 10 }))).toMatch(/^documentCount/);
    expect(args.safeParse({ batchId: 3, documentCount: 2, totalMinor: -500 }).success).toBe(true);
  });

  it('mapping changes name the bad field', () => {
    const args = mappingOperations['mappings/set'].args;
    expect(issue(args.safeParse({ changes: [] }))).toMatch(/^changes/);
    expect(
      issue(args.safeParse({ changes: [{ kind: 'gl_account', sourceValue: 'MEALS', target: {} }] })),
    ).toMatch(/^changes\.0\.target/);
    expect(issue(args.safeParse({ changes: [{ kind: 'colour', sourceValue: 'x', target: null }] }))).toMatch(
      /^changes\.0\.kind/,
    );
    expect(
      args.safeParse({
        changes: [{ kind: 'gl_account', sourceValue: 'MEALS', target: { glAccount: '6120' } }],
      }).success,
    ).toBe(true);
  });

  it('retry decisions and ids are checked', () => {
    const retry = documentOperations['documents/retry'].args;
    expect(issue(retry.safeParse({ documentId: 1, decision: 'guess' }))).toMatch(/^decision/);
    expect(issue(documentOperations['documents/get'].args.safeParse({ documentId: -1 }))).toMatch(
      /^documentId/,
    );
    expect(issue(exceptionOperations['exceptions/list'].args.safeParse({ cause: 'weather' }))).toMatch(
      /^cause/,
    );
  });
});
