// Each person's day on the sandbox demo (`ml-connector demo`): the real engine, the simulated Concur,
// Expensify and QAD. The same walks run against the stub road in days-stub.spec.ts, which keeps the screens
// testable when the engine is in flux (a walk whose engine side breaks goes test.fixme here, with the reason).
import { test } from '@playwright/test';
import { type BrowserModeApp, launchBrowserMode } from './support/launch.ts';
import { clerkReleasesABatch, controllerFixesAMapping, itConfiguresAndTests } from './support/walks.ts';

let app: BrowserModeApp;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  app = await launchBrowserMode({ mode: 'demo' });
});
test.afterAll(async () => {
  await app?.stop();
});

test('the AP clerk reviews a batch, releases it and sees it posted and confirmed', async ({ page }) => {
  await clerkReleasesABatch(page, app, 'test-results/day-clerk.png');
});

test('the controller fixes a mapping in the grid and watches the waiting count fall', async ({ page }) => {
  // The demo company's Concur invoice from vendor NOSUCH99 has no QAD supplier: map it to Apex Fasteners.
  await controllerFixesAMapping(page, app, 'test-results/day-controller.png', 'NOSUCH99', 'APEX001');
});

test('IT enters connection settings and runs the test', async ({ page }) => {
  await itConfiguresAndTests(page, app, 'test-results/day-it.png', undefined);
});
