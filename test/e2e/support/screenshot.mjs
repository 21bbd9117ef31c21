// Ad-hoc look at the UI while developing: node test/e2e/support/screenshot.mjs <url> <route> <out.png> [dark]
import { chromium } from 'playwright-core';

const [url, route = 'dashboard', out = 'test-results/look.png', scheme = 'light'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: scheme });
page.on('console', (message) => console.log(`[console.${message.type()}] ${message.text()}`));
page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
await page.goto(url);
await page.goto(new URL(`/#/${route}`, url).href);
await page.waitForTimeout(1200);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
