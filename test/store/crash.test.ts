// reliability.md A4: kill -9 the writer in the middle of its writes, reopen, and check the file and our
// invariants. Every committed transaction survives; none is half-applied.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listAuditEvents, listDocuments, openStore, verifyAuditChain } from '../../electron/store/index.ts';
import { scratchDir } from './helpers.ts';

const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Starts the writer and SIGKILLs it once it has reported `after` commits; resolves with the last reported. */
function runAndKill(file: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) last = Number(line);
      if (last >= after && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer exited: ${stderr}`)),
    );
  });
}

describe('crash while writing', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('keeps every reported commit whole after kill -9, three times over', async () => {
    const scratch = scratchDir();
    cleanup = scratch.cleanup;
    const file = join(scratch.dir, 'store.db');
    for (const after of [20, 60, 120]) {
      const reported = await runAndKill(file, after);
      const store = openStore(file);
      try {
        expect(store.integrityCheck()).toEqual(['ok']);
        const chain = verifyAuditChain(store.db);
        expect(chain.ok).toBe(true);
        const docs = listDocuments(store.db, { limit: 1000 });
        // Everything reported is there; at most the one in flight beyond it, and then whole.
        expect(docs.total).toBeGreaterThanOrEqual(reported);
        expect(docs.rows.every((d) => d.state === 'ready')).toBe(true);
        expect(listAuditEvents(store.db, { action: 'document.staged' }).total).toBe(docs.total);
        expect(listAuditEvents(store.db, { action: 'document.state_changed' }).total).toBe(docs.total);
        expect(chain.checked).toBe(docs.total * 2);
      } finally {
        store.close();
      }
    }
  });
});
