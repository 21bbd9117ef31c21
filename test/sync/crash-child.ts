// Child process of the crash test (crash.test.ts): runs source cycles over the documents in <dir>/docs.json
// until every one is confirmed, against a QAD and a source that keep their state in append-only files
// (so they survive the SIGKILL that the parent sends at a random moment). Run directly by `node`.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../electron/store/index.ts';
import { runCycle } from '../../electron/sync/cycle.ts';
import type { PostingGateway } from '../../electron/sync/gateway-port.ts';
import type { ConfirmOutcome, RawSourceItem, SourceAdapter } from '../../electron/sync/source-port.ts';
import { defaultPostingKind } from '../../electron/sync/source-port.ts';
import type { QadCreateResult, QadPostedDocument } from '../../shared/domain/qad.ts';
import { fakeToCanonical } from './fake-source.ts';
import { flowContext, testSettings } from './support.ts';

const dir = process.argv[2] ?? '';
const offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? '0');
const files = {
  docs: join(dir, 'docs.json'),
  acked: join(dir, 'acked.jsonl'),
  qad: join(dir, 'qad.jsonl'),
  confirms: join(dir, 'confirms.jsonl'),
};

function lines(file: string): Record<string, string>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, string>];
      } catch {
        return [];
      }
    });
}

const jitter = () => sleep(Math.floor(Math.random() * 3));

const docs = JSON.parse(readFileSync(files.docs, 'utf8')) as { id: string; payload: string }[];

const source: SourceAdapter = {
  source: 'concur',
  fetch: async () => {
    await jitter();
    const acked = new Set(lines(files.acked).map((l) => l.id));
    return docs
      .filter((d) => !acked.has(d.id))
      .map((d) => ({ sourceId: d.id, kind: 'invoice' as const, payload: d.payload }));
  },
  acknowledge: async (items: readonly RawSourceItem[]) => {
    await jitter();
    for (const item of items) appendFileSync(files.acked, `${JSON.stringify({ id: item.sourceId })}\n`);
    return { acknowledged: items.map((i) => i.sourceId), failed: [] };
  },
  toCanonical: (item) => fakeToCanonical('concur', item),
  confirm: async (item): Promise<ConfirmOutcome> => {
    await jitter();
    const id = String(item.payload.sourceId);
    const known = lines(files.confirms).some((l) => l.id === id && l.kind === item.kind);
    if (!known) appendFileSync(files.confirms, `${JSON.stringify({ id, kind: item.kind })}\n`);
    await jitter();
    return { status: 'done', ...(known ? { note: 'already confirmed' } : {}) };
  },
  postingKind: defaultPostingKind,
};

function posted(ref: string, documentId: string): QadPostedDocument {
  return {
    kind: 'supplier_invoice',
    externalRef: ref,
    documentId,
    entity: '10USA',
    year: 2026,
    period: 11,
    daybook: 'APDP',
    voucher: 1,
  };
}

const gateway: PostingGateway = {
  createSupplierInvoice: async (input): Promise<QadCreateResult> => {
    await jitter();
    const documentId = `10USA/2026/APDP/${input.externalRef}-${Date.now()}-${Math.random()}`;
    appendFileSync(
      files.qad,
      `${JSON.stringify({ ref: input.externalRef, documentId, total: String(input.totalMinor) })}\n`,
    );
    await jitter();
    return {
      outcome: 'posted',
      document: posted(input.externalRef, documentId),
      warnings: [],
      recovered: false,
    };
  },
  createJournalEntry: () => Promise.reject(new Error('not used')),
  findByReference: async (_kind, ref) => {
    await jitter();
    return lines(files.qad)
      .filter((l) => l.ref === ref)
      .map((l) => posted(ref, l.documentId ?? ''));
  },
};

const store = openStore(join(dir, 'store.sqlite'));
const settings = testSettings({ posting: { autoRelease: ['concur'] } });
const clock = () => new Date(Date.now() + offsetMs);
process.stdout.write('ready\n');
for (let i = 0; i < 20; i += 1) {
  await runCycle({ store, adapter: source, gateway, clock, confirmLeaseMs: 60_000 }, flowContext(settings));
  const left = (
    store.db.prepare("SELECT count(*) AS n FROM documents WHERE state <> 'confirmed'").get() as { n: number }
  ).n;
  if (left === 0) break;
}
store.close();
process.stdout.write('done\n');
