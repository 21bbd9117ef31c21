// A person opens the link `ml-connector serve` printed, sees the live engine status, walks every screen, and
// nobody without the token gets in.
import { expect, test } from '@playwright/test';
import { type BrowserModeApp, launchBrowserMode } from './support/launch.ts';

const SCREENS = [
  'Dashboard',
  'Documents',
  'Batches',
  'Exceptions',
  'Mappings',
  'QAD → Sources',
  'Audit',
  'Connections',
  'Settings',
] as const;

let app: BrowserModeApp;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  app = await launchBrowserMode();
});

test.afterAll(async () => {
  await app?.stop();
});

test('a request without the token is refused', async ({ request }) => {
  const call = await request.post(`${app.origin}/api/invoke/status/get`, { data: {} });
  expect(call.status()).toBe(401);
  expect(await call.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  expect((await request.get(`${app.origin}/`)).status()).toBe(401);
  expect((await request.get(`${app.origin}/api/events`)).status()).toBe(401);
  expect((await request.get(`${app.origin}/?token=${'0'.repeat(64)}`)).status()).toBe(401);
});

test('the dashboard shows the live engine status', async ({ page }) => {
  await page.goto(app.url);
  // The token is swapped for a cookie and leaves the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText(/^Engine \S+ · running since/)).toBeVisible();

  const connections = page.getByRole('region', { name: 'Connections' });
  for (const system of ['QAD ERP', 'SAP Concur', 'Expensify']) {
    await expect(connections.getByText(system, { exact: true })).toBeVisible();
  }
  const flows = page.getByRole('region', { name: 'Flows' });
  for (const flow of ['SAP Concur → QAD', 'Expensify → QAD', 'QAD master data → sources']) {
    await expect(flows.getByRole('rowheader', { name: flow })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Run now' })).toBeVisible();
  await page.screenshot({ path: 'test-results/browser-mode-dashboard.png', fullPage: true });

  // Pause and resume answer with the new status.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(page.getByText('Scheduled runs are paused.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
});

test('a change made in one window reaches another through the event stream', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(app.url);
  await second.goto(`${app.origin}/#/dashboard`);
  await expect(second.getByRole('button', { name: 'Pause' })).toBeVisible();
  await first.getByRole('button', { name: 'Pause' }).click();
  // The second window made no call: only the status/changed push can tell it.
  await expect(second.getByRole('button', { name: 'Resume' })).toBeVisible();
  await first.getByRole('button', { name: 'Resume' }).click();
  await expect(second.getByRole('button', { name: 'Pause' })).toBeVisible();
});

test('every screen is reachable from the navigation', async ({ page }) => {
  await page.goto(app.url);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const screen of SCREENS) {
    await nav.getByRole('link', { name: screen, exact: true }).click();
    const heading = page.getByRole('heading', { level: 1, name: screen });
    await expect(heading).toBeVisible();
    // Focus follows navigation so keyboard and screen-reader users land on the new screen.
    await expect(heading).toBeFocused();
    await expect(nav.getByRole('link', { name: screen, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('alert').filter({ hasText: 'Unexpected error' })).toHaveCount(0);
  }
});

test('documents and audit show their grids; empty screens say so honestly', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/documents`);
  await expect(page.getByRole('region', { name: 'Documents' }).locator('.ag-root')).toBeVisible();
  await expect(page.getByText(/^(\d+ documents|Showing the first)/)).toBeVisible();

  await page.goto(`${app.origin}/#/batches`);
  await expect(
    page.getByText('No batches yet — batches appear when documents are ready to post'),
  ).toBeVisible();

  await page.goto(`${app.origin}/#/audit`);
  await expect(page.getByText(/Audit chain (intact|broken)/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Audit events' }).locator('.ag-root')).toBeVisible();
});

test('settings show the engine’s validation error beside the field', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/settings`);
  const proxy = page.getByRole('textbox', { name: 'Proxy URL' });
  await proxy.fill('proxy.plant.local:8080');
  await page.getByRole('button', { name: 'Save settings' }).first().click();
  await expect(proxy).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('must be a URL starting with http:// or https://').first()).toBeVisible();
});

test('connections list the secrets write-only and run a test', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/connections`);
  await expect(page.getByText(/Credentials are kept in/)).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Test all connections' }).click();
  await expect(page.getByText(/✓ Passed|✗ Failed/).first()).toBeVisible();
});

test('the theme follows the OS and can be switched', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(app.url);
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: 'test-results/browser-mode-dashboard-dark.png', fullPage: true });
});
