// Each person's day as a walk through the screens, shared by the sandbox-demo spec and the stub spec.
import { type Page, expect } from '@playwright/test';
import type { BrowserModeApp } from './launch.ts';

async function open(page: Page, app: BrowserModeApp, screen: string) {
  await page.goto(app.url);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: screen, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: screen })).toBeFocused();
}

/** The AP clerk reviews an open batch, releases it with the count and total repeated, and sees it posted and confirmed. */
export async function clerkReleasesABatch(page: Page, app: BrowserModeApp, screenshot: string) {
  await open(page, app, 'Batches');
  const batches = page.getByRole('region', { name: 'Batches', exact: true });
  const firstCell = batches.getByRole('gridcell').first();
  await expect(firstCell).toBeVisible();
  // Keyboard: focus the first cell and press Enter to open the batch.
  await firstCell.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: /^Batch \d+:/ });
  await expect(detail).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Totals per supplier' }).getByRole('gridcell').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Totals per account' }).getByRole('gridcell').first(),
  ).toBeVisible();
  await detail.getByRole('button', { name: 'Release…' }).click();

  const dialog = page.getByRole('dialog');
  const sentence = (await dialog.getByTestId('release-sentence').textContent()) ?? '';
  expect(sentence).toMatch(/^Release \d+ documents? totalling [A-Z]{3}\s[\d.,]+$/);
  const count = Number(/Release (\d+)/.exec(sentence)![1]);
  await dialog.getByRole('button', { name: /^Release \d+ documents? totalling/ }).click();
  await expect(dialog).toBeHidden();
  // Released: it posts with the next run of its source, or now when the clerk asks.
  await expect(detail.getByRole('button', { name: 'Undo release' })).toBeVisible();
  await detail.getByRole('button', { name: 'Post now' }).click();

  const results = page.getByTestId('batch-results');
  await expect(results).toContainText(`${count} of ${count} posted into QAD, ${count} confirmed back to`, {
    timeout: 60_000,
  });
  await expect(
    detail
      .getByRole('region', { name: 'Documents in this batch' })
      .getByText(/\/\d{4}\//)
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: screenshot, fullPage: true });
}

/** The controller fixes an unmapped value right in the exceptions grid and watches the waiting count fall. */
export async function controllerFixesAMapping(
  page: Page,
  app: BrowserModeApp,
  screenshot: string,
  value: string,
  qadValue: string,
) {
  await open(page, app, 'Exceptions');
  const waiting = page.getByTestId('waiting-count');
  await expect(waiting).toContainText(/\d+ documents? waits? for a fix/);
  const before = Number(/(\d+)/.exec((await waiting.textContent()) ?? '')![1]);

  const grid = page.getByRole('region', { name: 'Exception groups' });
  const row = grid
    .locator('[role="row"]', { has: page.getByRole('gridcell', { name: value, exact: true }) })
    .first();
  await expect(row).toBeVisible();
  const clears = Number(await row.locator('[col-id="clearsCount"]').textContent());
  await row.locator('[col-id="fix"]').dblclick();
  const editor = page.getByRole('combobox', { name: new RegExp(`for ${value}$`) });
  await editor.fill(qadValue);
  await editor.press('Enter');

  const outcome = page.getByTestId('fix-outcome');
  await expect(outcome).toContainText(`Mapped "${value}"`);
  await expect(outcome).toContainText(/\d+ documents? (is|are) ready to post/);
  const cleared = Number(/: (\d+) documents? (is|are) ready/.exec((await outcome.textContent()) ?? '')![1]);
  expect(cleared).toBeGreaterThanOrEqual(clears);
  await expect(waiting).toContainText(`${before - cleared} `);
  expect(before - cleared).toBeLessThan(before);
  await page.screenshot({ path: screenshot, fullPage: true });
}

/** IT enters the QAD connection, is told plainly what is wrong with a bad URL, saves a good one and runs the test. */
export async function itConfiguresAndTests(
  page: Page,
  app: BrowserModeApp,
  screenshot: string,
  tenantUrl: string | undefined,
) {
  await open(page, app, 'Connections');
  await page.getByRole('tab', { name: /QAD ERP/ }).click();
  const connection = page.getByRole('combobox', { name: 'Connection', exact: true });
  await connection.click();
  await page.getByRole('option', { name: 'QAD Adaptive ERP (REST, cloud)' }).click();
  const tenant = page.getByRole('textbox', { name: 'Tenant URL (REST)' });
  const original = tenantUrl ?? (await tenant.inputValue());
  const domain = page.getByRole('textbox', { name: 'Domain' });
  if ((await domain.inputValue()) === '') await domain.fill('10USA');

  await tenant.fill('qad.example.com');
  await page.getByRole('button', { name: 'Save QAD ERP settings' }).click();
  await expect(tenant).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('must be a URL starting with http:// or https://')).toBeVisible();
  await expect(page.getByText(/Nothing was saved/)).toBeVisible();

  await tenant.fill(original);
  await page.getByRole('button', { name: 'Save QAD ERP settings' }).click();
  await expect(page.getByText('Saved. The next run and the next test use these settings.')).toBeVisible();

  // A secret is entered once and never shown again.
  const user = page.getByLabel('User name', { exact: true });
  if ((await user.inputValue()) === '' && (await page.getByText('Not set.').count()) > 0) {
    await user.fill('mfg');
    await page.getByRole('button', { name: 'Save User name' }).click();
    await expect(page.getByText('Saved. It will not be shown again.')).toBeVisible();
    await expect(user).toHaveValue('');
  }

  await page.getByRole('button', { name: 'Test QAD ERP' }).click();
  await expect(page.getByText(/✓ Passed|✗ Failed/).first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: screenshot, fullPage: true });

  // Concur: the one-time company request token, with its state said in words.
  await page.getByRole('tab', { name: /SAP Concur/ }).click();
  const state = page.getByTestId('concur-token-state');
  await expect(state).toContainText(/Not authorised|Token entered|Authorised|Re-authorise/);
  if ((await state.textContent())?.includes('Not authorised')) {
    await page.getByLabel('Company request token', { exact: true }).fill('one-time-request-token');
    await page.getByRole('button', { name: 'Save Company request token' }).click();
    await expect(state).toContainText('Token entered');
  }
  await page.getByRole('button', { name: 'Test SAP Concur' }).click();
  await expect(page.getByText(/SAP Concur — /).first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-concur.png'), fullPage: true });
}

/** Anyone finds a document by search (server-side), opens it with the keyboard and reads its road. */
export async function findADocument(page: Page, app: BrowserModeApp, screenshot: string) {
  await open(page, app, 'Documents');
  const grid = page.getByRole('region', { name: 'Documents', exact: true });
  const firstId = grid.locator('[col-id="sourceId"][role="gridcell"]').first();
  // The first block arrives after a loading row.
  await expect(firstId).toHaveText(/\S/);
  const sourceId = ((await firstId.textContent()) ?? '').trim();
  await page.getByRole('textbox', { name: 'Search' }).fill(sourceId);
  await expect(page.getByTestId('documents-count')).toHaveText(/^1 documents?$/);
  await grid.locator('[col-id="sourceId"][role="gridcell"]', { hasText: sourceId }).focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('heading', { name: new RegExp(`${sourceId}$`) })).toBeVisible();
  await expect(
    drawer.getByRole('region', { name: 'Document lines' }).getByRole('gridcell').first(),
  ).toBeVisible();
  await expect(drawer.getByText('Our reference in QAD')).toBeVisible();
  await expect(drawer.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await page.screenshot({ path: screenshot, fullPage: true });
  // The drawer is part of the address: Escape closes it and the address follows.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/#\/documents$/);

  // A wrong filter is named, not sent.
  await page.getByRole('textbox', { name: 'Minimum amount' }).fill('100');
  await expect(page.getByText('Choose a currency first')).toBeVisible();
}

/** The controller pastes rows from a spreadsheet; an invalid QAD value blocks the whole save until fixed. */
export async function controllerPastesMappings(page: Page, app: BrowserModeApp, screenshot: string) {
  await open(page, app, 'Mappings');
  await page.getByRole('tab', { name: 'Expense types' }).click();
  await page.getByRole('button', { name: 'Paste from spreadsheet…' }).click();
  await page.getByRole('textbox', { name: 'Pasted rows' }).fill('PARKING\t6130\nTOLLS\t9999\n');
  await page.getByRole('button', { name: 'Add 2 rows to the changes' }).click();
  const grid = page.getByRole('region', { name: 'Expense types mappings' });
  const tolls = grid.locator('[role="row"]', {
    has: page.getByRole('gridcell', { name: 'TOLLS', exact: true }),
  });
  await expect(tolls.locator('[col-id="glAccount"]')).toHaveText(/⚠ 9999/);

  await page.getByRole('button', { name: 'Save 2 changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText(
    'GL account "9999" does not exist in QAD',
  );

  await tolls.locator('[col-id="glAccount"]').dblclick();
  const editor = page.getByRole('combobox', { name: 'GL account' });
  await editor.fill('6130');
  await editor.press('Enter');
  await expect(tolls.locator('[col-id="glAccount"]')).not.toHaveText(/⚠/);
  await page
    .getByRole('textbox', { name: 'Note for the version history' })
    .fill('Parking and tolls are ground transport');
  await page.getByRole('button', { name: 'Save 2 changes' }).click();
  const notice = page.getByTestId('mapping-notice');
  await expect(notice).toContainText(/Saved as version (\d+): 2 mappings changed/);
  const version = /version (\d+)/.exec((await notice.textContent()) ?? '')![1]!;
  const history = page.getByRole('region', { name: 'Mapping version history' });
  await history.getByRole('button', { name: 'Refresh' }).click();
  await expect(history.getByText(`Version ${version}`, { exact: true })).toBeVisible();
  await expect(history.getByText('“Parking and tolls are ground transport”')).toBeVisible();
  await page.screenshot({ path: screenshot, fullPage: true });
}

/** An auditor filters the trail, reads one event and exports the filtered trail as CSV. */
export async function auditorExports(page: Page, app: BrowserModeApp) {
  await open(page, app, 'Audit');
  await expect(page.getByText(/Audit chain (intact|broken)/)).toBeVisible();
  const count = page.getByTestId('audit-count');
  await expect(count).toHaveText(/^[\d,]+ events$/);
  const all = (await count.textContent()) ?? '';
  await page.getByRole('textbox', { name: 'What' }).fill('document.staged');
  await expect(count).not.toHaveText(all);
  const grid = page.getByRole('region', { name: 'Audit events' });
  const first = grid.locator('[col-id="action"][role="gridcell"]').first();
  await expect(first).toHaveText('document.staged');
  // Keyboard only: focus the cell, Enter opens the event.
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('heading', { name: /^Event #\d+$/ })).toBeVisible();
  await page.keyboard.press('Escape');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  const csv = Buffer.concat(text)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  expect(csv.split('\r\n')[0]).toBe('seq,at,actor,action,subjectType,subjectId,detail,prevHash,hash');
  expect(
    csv
      .split('\r\n')
      .slice(1)
      .every((line) => line.includes(',document.staged,')),
  ).toBe(true);
}

/** Every screen, light and dark, for a person to look at. */
export async function screenshotEveryScreen(page: Page, app: BrowserModeApp, prefix: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const screen of [
      'Dashboard',
      'Documents',
      'Batches',
      'Exceptions',
      'Mappings',
      'Audit',
      'Connections',
      'Settings',
    ]) {
      await open(page, app, screen);
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('alert').filter({ hasText: 'Unexpected error' })).toHaveCount(0);
      await page.screenshot({ path: `${prefix}-${screen.toLowerCase()}-${scheme}.png`, fullPage: true });
    }
  }
}
