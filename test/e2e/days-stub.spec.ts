// Each person's day against the stub road (test/e2e/support/stub-road.ts): the screens' behaviour, independent
// of how far the engine is. The same walks run on the sandbox demo in days-demo.spec.ts.
import { test } from '@playwright/test';
import { type BrowserModeApp, launchBrowserMode } from './support/launch.ts';
import {
  auditorExports,
  clerkReleasesABatch,
  controllerFixesAMapping,
  controllerPastesMappings,
  findADocument,
  itConfiguresAndTests,
  screenshotEveryScreen,
} from './support/walks.ts';

let app: BrowserModeApp;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  app = await launchBrowserMode({ mode: 'stub' });
});
test.afterAll(async () => {
  await app?.stop();
});

test('the AP clerk reviews a batch, releases it and sees it posted and confirmed (stub)', async ({
  page,
}) => {
  await clerkReleasesABatch(page, app, 'test-results/day-clerk-stub.png');
});

test('the controller fixes a mapping in the grid and the waiting count falls (stub)', async ({ page }) => {
  await controllerFixesAMapping(page, app, 'test-results/day-controller-stub.png', 'MEALS', '6120');
});

test('IT enters connection settings and runs the test (stub)', async ({ page }) => {
  await itConfiguresAndTests(page, app, 'test-results/day-it-stub.png', 'https://acme.qad.example');
});

test('anyone finds a document by search and reads its detail (stub)', async ({ page }) => {
  await findADocument(page, app, 'test-results/day-document-stub.png');
});

test('the controller pastes mappings; an invalid QAD value blocks the save until fixed (stub)', async ({
  page,
}) => {
  await controllerPastesMappings(page, app, 'test-results/day-mappings-stub.png');
});

test('an auditor filters the trail, reads an event and exports CSV (stub)', async ({ page }) => {
  await auditorExports(page, app);
});

test('every screen in light and dark (stub)', async ({ page }) => {
  await screenshotEveryScreen(page, app, 'test-results/screen-stub');
});
