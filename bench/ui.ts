// How fast each screen shows its first rows over a big store, and proof that the documents grid pages as
// it scrolls instead of loading everything. Seeds 20,000 documents and 5,000 mapping rows straight into a
// fresh store (electron/store), serves the built renderer with `ml-connector serve` on it, and drives
// Debian's Chromium. Prints figures; asserts nothing. Run: npm run bench:ui (needs `vite build` first; it
// runs one when dist/renderer is missing).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  addToOpenBatch,
  changeMappings,
  openStore,
  recordValidation,
  stageDocument,
} from '../electron/store/index.ts';
import type { CanonicalDocument } from '../shared/domain/document.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOCUMENTS = 20_000;
const MAPPINGS = 5_000;

function seed(file: string): void {
  const store = openStore(file);
  const started = performance.now();
  const ctx = { actor: 'bench' };
  const entities = ['10USA', '20DEU', '30JPN'] as const;
  const currencies = { '10USA': 'USD', '20DEU': 'EUR', '30JPN': 'JPY' } as const;
  store.tx((db) => {
    for (let i = 1; i <= DOCUMENTS; i++) {
      const entity = entities[i % 3]!;
      const expense = i % 5 === 0 ? `UNMAPPED-${i % 40}` : `TYPE-${i % 200}`;
      const document: CanonicalDocument = {
        source: i % 2 === 0 ? 'concur' : 'expensify',
        sourceId: `BENCH-${String(i).padStart(6, '0')}`,
        kind: i % 3 === 0 ? 'invoice' : 'expense_report',
        sourceEntity: `CO-${entity}`,
        entity,
        currency: currencies[entity],
        totalMinor: 1000 + ((i * 7919) % 250_000),
        documentDate: `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        description: `Bench document ${i}`,
        payee: { kind: 'employee', code: `employee${i % 500}@example.com` },
        supplier: `E-${1000 + (i % 500)}`,
        lines: [
          {
            lineNo: 1,
            description: 'line',
            amountMinor: 1000 + ((i * 7919) % 250_000),
            source: { expenseType: expense },
          },
        ],
      };
      const { id } = stageDocument(db, { document, rawPayload: JSON.stringify({ i }) }, ctx);
      if (i % 5 === 0) {
        recordValidation(
          db,
          id,
          {
            document,
            state: 'exception',
            mappingVersion: 0,
            exceptions: [
              {
                cause: 'unmapped_value',
                message: `Expense type "${expense}" has no QAD GL account in entity ${entity}`,
                field: 'lines[0].expenseType',
                value: expense,
                mapping: 'gl_account',
              },
            ],
          },
          ctx,
        );
      } else if (i % 50 === 1) {
        recordValidation(db, id, { document, state: 'ready', mappingVersion: 0, exceptions: [] }, ctx);
        addToOpenBatch(db, id, 'supplier_invoice', ctx);
      }
    }
  });
  const changes = Array.from({ length: MAPPINGS }, (_, i) => ({
    kind: 'gl_account' as const,
    sourceValue: `TYPE-${i}`,
    target: { glAccount: String(6000 + (i % 900)) },
  }));
  changeMappings(store.db, changes, { ...ctx, note: 'bench seed' });
  store.close();
  console.log(
    `seeded ${DOCUMENTS} documents and ${MAPPINGS} mappings in ${Math.round(performance.now() - started)} ms`,
  );
}

async function serve(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/ml-connector.mjs'), '--data-dir', dataDir, 'serve', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no link within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const SCREENS = [
  { route: 'documents', grid: 'Documents' },
  { route: 'batches', grid: 'Batches' },
  { route: 'exceptions', grid: 'Exception groups' },
  { route: 'mappings', grid: 'Expense types mappings' },
  { route: 'audit', grid: 'Audit events' },
] as const;

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mlc-bench-ui-'));
  seed(path.join(dataDir, 'ml-connector.db'));
  const server = await serve(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const calls: { name: string; body: string }[] = [];
    page.on('request', (request) => {
      const match = /\/api\/invoke\/(.+)$/.exec(request.url());
      if (match) calls.push({ name: match[1]!, body: request.postData() ?? '' });
    });
    await page.goto(server.url);
    console.log('\nscreen        first rows (ms)');
    for (const screen of SCREENS) {
      const started = performance.now();
      await page.goto(new URL(`/#/${screen.route}`, server.url).href);
      await page
        .getByRole('region', { name: screen.grid, exact: true })
        .getByRole('gridcell')
        .first()
        .waitFor({ timeout: 60_000 });
      console.log(`${screen.route.padEnd(13)} ${Math.round(performance.now() - started)}`);
    }

    // Scroll the documents grid down in steps, the way a person would, and count the pages it asked for.
    calls.length = 0;
    await page.goto(new URL('/#/documents', server.url).href);
    const grid = page.getByRole('region', { name: 'Documents', exact: true });
    await grid.getByRole('gridcell').first().waitFor();
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 1; step <= 10; step++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(500);
    const listCalls = calls.filter((c) => c.name === 'documents/list');
    const rowsAsked = listCalls.reduce(
      (sum, c) => sum + (JSON.parse(c.body || '{}') as { limit?: number }).limit!,
      0,
    );
    console.log(
      `\ndocuments grid after scrolling 10 steps: ${listCalls.length} documents/list calls, ${rowsAsked} of ${DOCUMENTS} rows fetched`,
    );
  } finally {
    await browser.close();
    server.stop();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
