// The administrator keeps SAP Concur and Expensify coded with QAD's values on the sandbox demo
// (`ml-connector demo`): previews each push, pushes with a confirmation, exports the GL alignment report,
// and sees the second preview come back empty. The screen lives at #/alignment ("QAD → Sources").
import { expect, type Page, test } from '@playwright/test';
import { type BrowserModeApp, launchBrowserMode } from './support/launch.ts';

const HEADING = { level: 1, name: 'QAD → Sources' } as const;

let demo: BrowserModeApp;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  demo = await launchBrowserMode({ mode: 'demo' });
});
test.afterAll(async () => {
  await demo?.stop();
});

/** Exchanges the token for the session cookie, then opens #/alignment; skips while no route leads there. */
async function openAlignment(page: Page): Promise<void> {
  await page.goto(demo.url);
  await expect(page).not.toHaveURL(/token=/);
  await page.goto(`${demo.origin}/#/alignment`);
  const heading = page.getByRole('heading', HEADING);
  const shown = await heading
    .waitFor({ state: 'visible', timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  test.skip(!shown, 'alignment screen not in the navigation yet');
}

async function confirmIn(page: Page, dialogTitle: RegExp, button: RegExp): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toBeHidden();
}

test('Concur lists: the chosen list, its preview, a confirmed push, and nothing left to add', async ({
  page,
}) => {
  await openAlignment(page);
  await expect(page.getByRole('tab', { name: 'Concur lists', selected: true })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Cost centers' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Concur list' })).toHaveValue(/Cost Center/);
  const changes = page.getByRole('region', { name: 'Changes for the cost centers list' });
  await expect(changes).toBeVisible();
  await expect(page.getByText(/\d+ to add · \d+ to rename/)).toBeVisible();
  await page.screenshot({ path: 'test-results/alignment.png', fullPage: true });

  // Deletion is opt-in per code and permanent: nothing is ticked until the person ticks it.
  const deletions = page.getByRole('group', { name: /Proposed deletions/ });
  await expect(deletions.getByText(/permanent/)).toBeVisible();
  const boxes = await deletions.getByRole('checkbox').all();
  expect(boxes.length).toBeGreaterThan(1);
  for (const box of boxes) await expect(box).not.toBeChecked();
  const first = boxes[0]!;
  const code = /^Delete (\S+)/.exec(
    (await first.getAttribute('aria-label')) ?? (await labelOf(page, first)),
  )?.[1];
  expect(code).toBeTruthy();
  await first.check();

  await page.getByRole('button', { name: 'Push to Concur…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Push cost centers to/ });
  await expect(dialog.getByText('Deletion cannot be undone')).toBeVisible();
  await expect(dialog.getByText(`1 item(s) deleted permanently: ${code}`)).toBeVisible();
  await confirmIn(page, /^Push cost centers to/, /^Push and delete 1 permanently$/);

  await expect(page.getByRole('heading', { name: /^Last push to/ })).toBeVisible();
  const results = page.getByRole('region', { name: /^Results of the last push to/ });
  await expect(results.getByRole('row').filter({ hasText: code! })).toContainText('Done');
  // What is left: the deletions nobody ticked, nothing to add or rename.
  await expect(
    page.getByText(`0 to add · 0 to rename · ${boxes.length - 1} proposed deletion`),
  ).toBeVisible();

  // The dimension switch works from the keyboard (a radio group: arrow keys move the choice).
  await page.getByRole('radio', { name: 'Cost centers' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Sub-accounts' })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'No Concur list chosen for sub-accounts' })).toBeVisible();
  // Choosing a list saves it in the settings (by id) and brings its preview; nothing is sent. The demo has
  // no sub-account list, so the choice is tried with the Project list and then taken back.
  const choice = page.getByRole('combobox', { name: 'Concur list' });
  await choice.click();
  await page.getByRole('option', { name: /^Project/ }).click();
  await page.getByRole('button', { name: 'Save list choice' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What a push to “Project” would change' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Changes for the sub-accounts list' })).toBeVisible();
  await choice.click();
  await page.getByRole('option', { name: /^None/ }).click();
  await page.getByRole('button', { name: 'Save list choice' }).click();
  await expect(page.getByRole('heading', { name: 'No Concur list chosen for sub-accounts' })).toBeVisible();
});

async function labelOf(page: Page, box: ReturnType<Page['getByRole']>): Promise<string> {
  const id = await box.getAttribute('id');
  return id ? ((await page.locator(`label[for="${id}"]`).textContent()) ?? '') : '';
}

test('GL alignment: account codes per expense type, exported as CSV', async ({ page }) => {
  await openAlignment(page);
  await page.getByRole('tab', { name: 'GL alignment' }).click();
  await expect(page.getByText(/Concur documents? read/)).toBeVisible();
  const grid = page.getByRole('region', { name: 'Account codes per Concur expense type' });
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'QAD status' })).toBeVisible();
  await page.screenshot({ path: 'test-results/alignment-gl.png', fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^gl-alignment-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('Concur vendors: the seeded differences, a confirmed push, then nothing to do', async ({ page }) => {
  await openAlignment(page);
  await page.getByRole('tab', { name: 'Concur vendors' }).click();
  const grid = page.getByRole('region', { name: 'Vendor changes' });
  await expect(grid).toBeVisible();
  await expect(page.getByText(/^[1-9]\d* to add · \d+ to change · \d+ to deactivate/)).toBeVisible();
  await page.screenshot({ path: 'test-results/alignment-vendors.png', fullPage: true });
  await page.getByRole('button', { name: 'Push vendors…' }).click();
  await confirmIn(page, /^Push QAD suppliers to SAP Concur vendors/, /^Push \d+ vendor changes?$/);
  await expect(page.getByRole('status').filter({ hasText: /\d+ done, 0 failed, 0 unclear/ })).toBeVisible();
  await expect(page.getByText(/^0 to add · 0 to change · 0 to deactivate/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Push vendors…' })).toBeDisabled();
});

test('Expensify: categories pushed with a confirmation, and an honest employees dry run', async ({
  page,
}) => {
  await openAlignment(page);
  await page.getByRole('tab', { name: 'Expensify' }).click();
  await expect(page.getByRole('heading', { name: /^Policy / }).first()).toBeVisible();
  const push = page.getByRole('button', { name: 'Push to Expensify…' });
  await expect(push).toBeEnabled();
  await push.click();
  await confirmIn(page, /^Push categories and tags to Expensify/, /^Push \d+ changes?$/);
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /sent \d+ categor/ })
      .first(),
  ).toBeVisible();
  // What is left is held back: categories that Expensify reports on the road still use stay enabled.
  const held = page.getByRole('checkbox', { name: /Also disable categories and tags/ });
  if (await page.getByText(/held back$/).isVisible()) await expect(held).not.toBeChecked();
  await expect(push).toBeDisabled();

  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByText(/^Dry run: nothing was changed\./)).toBeVisible();
  await page.screenshot({ path: 'test-results/alignment-expensify.png', fullPage: true });
});
