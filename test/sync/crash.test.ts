// Crash at any instruction: the cycle runs in a child process that is SIGKILLed at random moments, then
// restarted; in the end every document is in QAD exactly once and confirmed exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  changeMappings,
  getLedgerEntry,
  listDocuments,
  openStore,
  verifyAuditChain,
} from '../../electron/store/index.ts';
import { demoCompany, loadCache, tempStore } from './support.ts';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const DOCS = 12;
const KILLS = 24;

function start(
  dir: string,
  offsetMs: number,
): { proc: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [child, dir], {
    env: { ...process.env, CLOCK_OFFSET_MS: String(offsetMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    proc.on('exit', () => resolve());
  });
  const exit = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  return { proc, ready, exit };
}

function jsonLines(file: string): Record<string, string>[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, string>);
  } catch {
    return [];
  }
}

describe('crash recovery', () => {
  it(`survives ${KILLS} SIGKILLs at random points: every document in QAD once, confirmed once`, async () => {
    const store = tempStore();
    const dir = join(store.file, '..');
    loadCache(store, demoCompany());
    changeMappings(store.db, [{ kind: 'entity', sourceValue: 'US01', target: { entity: '10USA' } }], {
      actor: 'test',
    });
    store.close();
    const docs = Array.from({ length: DOCS }, (_, i) => {
      const cents = 1000 + i * 137;
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      return {
        id: `K${i}`,
        payload: JSON.stringify({
          id: `K${i}`,
          kind: 'invoice',
          company: 'US01',
          vendor: { code: 'APEX001' },
          currency: 'USD',
          total: amount,
          date: '2026-11-20',
          lines: [{ amount, accountCode: '6200', costObject: '10ADMIN' }],
        }),
      };
    });
    writeFileSync(join(dir, 'docs.json'), JSON.stringify(docs));

    let offset = 0;
    let killedWhileRunning = 0;
    for (let run = 0; run < KILLS; run += 1) {
      // Each restart is 10 minutes later, so confirmations leased by a killed run come due again.
      offset += 10 * 60_000;
      const { proc, ready, exit } = start(dir, offset);
      await ready;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
      if (proc.exitCode === null) killedWhileRunning += 1;
      proc.kill('SIGKILL');
      await exit;
    }
    offset += 10 * 60_000;
    const last = start(dir, offset);
    expect(await last.exit).toBe(0);

    const qad = jsonLines(join(dir, 'qad.jsonl'));
    const perRef = new Map<string, number>();
    for (const row of qad) perRef.set(row.ref ?? '', (perRef.get(row.ref ?? '') ?? 0) + 1);
    expect(perRef.size).toBe(DOCS);
    expect([...perRef.values()].every((n) => n === 1)).toBe(true);
    const confirms = jsonLines(join(dir, 'confirms.jsonl'));
    expect(confirms).toHaveLength(DOCS);
    expect(new Set(confirms.map((c) => c.id)).size).toBe(DOCS);

    const after = openStore(store.file);
    const documents = listDocuments(after.db, { limit: 100 });
    expect(documents.total).toBe(DOCS);
    expect(documents.rows.every((d) => d.state === 'confirmed')).toBe(true);
    for (const d of documents.rows) {
      const ledger = getLedgerEntry(after.db, 'concur', d.sourceId);
      expect(qad.find((row) => row.ref === `MLC-CONCUR-${d.sourceId}`)?.documentId).toBe(
        ledger?.qadDocumentId,
      );
    }
    expect(verifyAuditChain(after.db).ok).toBe(true);
    after.close();
    expect(killedWhileRunning).toBeGreaterThan(KILLS / 2);
  }, 60_000);
});
