// The public service catalogue without logging in (issue 12, item 1):
// /pakalpojumi and /en/services, unfiltered and filtered, at phone width
// (390×844) and desk width: the page never scrolls sideways, axe-core
// (WCAG 2.1 A and AA) finds no violation, the two languages link to each
// other keeping the filters, the filters work without JavaScript, and the
// print style leaves the filters, header and links out.
// Run by run.sh (KOPA_BASE, KOPA_PASSWORD, KOPA_TMP, CHROMIUM are set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.KOPA_BASE;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE, 'run through tests/browser/run.sh');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found.map((f) => `${what}: ${f}`);
}

// Elements wider than the viewport, or the document itself.
async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > w) out.push(`document ${document.documentElement.scrollWidth} > ${w}`);
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 0.5 && getComputedStyle(el).position !== 'fixed') {
        out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} right=${Math.round(r.right)}`);
        if (out.length > 5) break;
      }
    }
    return out;
  });
}

const PAGES = ['/pakalpojumi', '/en/services', '/pakalpojumi?municipality=0025000',
  '/en/services?service=social_rehab&target_group=ft', '/pakalpojumi?municipality=9999999'];

test('the catalogue at 390 px: nothing overflows, axe finds no violation', async () => {
  const problems = [];
  for (const size of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    const context = await browser.newContext({ viewport: size, bypassCSP: true });
    const page = await context.newPage();
    // Every page at phone width; the two long ones at desk width too.
    for (const p of size.width === 390 ? PAGES : PAGES.slice(0, 2)) {
      const resp = await page.goto(BASE + p);
      assert.ok([200, 404].includes(resp.status()), `${p}: ${resp.status()}`);
      if (size.width === 390) for (const o of await overflow(page)) problems.push(`${p} at 390 px: ${o}`);
      problems.push(...await axe(page, `${p} at ${size.width} px`));
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('filters without JavaScript, the other language keeps them, print leaves the form out', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE + '/pakalpojumi');
  assert.equal(await page.getAttribute('html', 'lang'), 'lv');
  const all = await page.locator('li.entry').count();
  assert.ok(all > 50, `entries: ${all}`);
  await page.selectOption('#f-municipality', '0025000');
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForURL(/municipality=0025000/);
  const bauska = await page.locator('li.entry').count();
  assert.ok(bauska > 0 && bauska < all, `Bauska ${bauska} of ${all}`);
  assert.equal(await page.locator('section.muni').count(), 1);
  // Each entry says where and how many places are free (or ir/nav/rinda).
  const first = page.locator('li.entry').first();
  assert.match(await first.innerText(), /Adrese|Address/);
  assert.match(await first.locator('.avail').innerText(), /\d|ir brīvas vietas|nav brīvu vietu|rinda|nav ziņu/);
  await page.locator('p.lang a').click();
  await page.waitForURL(/\/en\/services\?municipality=0025000/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('li.entry').count(), bauska);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form.filters').isVisible(), false);
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('li.entry').first().isVisible(), true);
  await context.close();
});
