// tests/browser/page_test.js: Debian's chromium, headless, driven by playwright-core (npm,
// installed by scripts/install-deps.sh test), against a live glassbox serve.
// Usage: node page_test.js both|screenshot BASE_URL [PNG]
//   both:       loads BASE_URL/, fills the iris form, submits, and keeps what the page shows;
//               then loads BASE_URL/docs and keeps the operations it drew and a "try it"
//               answer; prints {"page": ..., "docs": ...} as JSON (one browser start for both)
//   screenshot: the page part only, then writes a PNG of the whole page to PNG
// Every wait is bounded (20 s each); the browser is closed whatever happens.
'use strict';
const path = require('path');

const npmDir = process.env.GLASSBOX_NPM_DIR || path.join(process.env.HOME || '', '.cache/glassbox/npm');
const { chromium } = require(path.join(npmDir, 'node_modules', 'playwright-core'));
const [mode, base, png] = process.argv.slice(2);

async function browserPage(page) {
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="yes"]');
  const row = ['5.1', '3.5', '1.4', '0.2'];
  for (let i = 0; i < row.length; ++i) await page.fill('#feature-' + i, row[i]);
  await page.click('#predict');
  // The trace arrives last: the page asks GET /traces once the answer is in.
  await page.waitForFunction(() => document.getElementById('trace').textContent.includes(' MODEL '));
  const text = (selector) => page.textContent(selector);
  return {
    prediction: await text('#prediction'),
    request: await text('#raw-request'),
    response: await text('#raw-response'),
    trace: await text('#trace'),
    note: await text('#trace-note'),
    charts: await page.locator('#drift svg').count(),
    links: await page.$$eval('#resources a', (as) => as.map((a) => a.getAttribute('href'))),
    metadata: await text('#metadata'),
  };
}

async function docsPage(page) {
  await page.goto(base + '/docs');
  await page.waitForSelector('body[data-ready="yes"]');
  const operations = await page.$$eval('.operation', (sections) =>
    sections.map((s) => s.dataset.method.toUpperCase() + ' ' + s.dataset.path));
  const health = page.locator('.operation[data-method="get"][data-path="/health"]');
  await health.locator('button').click();
  await page.waitForFunction(() =>
    document.querySelector('.operation[data-path="/health"] pre').textContent.includes('200'));
  return { operations, try_it: await health.locator('pre').textContent() };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.GLASSBOX_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
    timeout: 30000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(20000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const result = { page: await browserPage(page) };
    if (mode === 'screenshot') await page.screenshot({ path: png, fullPage: true });
    else result.docs = await docsPage(page);
    result.errors = errors;
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(String((error && error.stack) || error));
  process.exit(1);
});
