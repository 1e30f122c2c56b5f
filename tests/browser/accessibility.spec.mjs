// axe-core (WCAG 2.1 A and AA rules) on every role's menu pages and a few
// pages each links to, at desk width (1366×900) and phone width (390×844),
// in Latvian and English: no violation. Tables that scroll inside
// themselves at phone width must still be reachable from the keyboard
// (axe's scrollable-region-focusable).
// Run by run.sh (KOPA_BASE, KOPA_PASSWORD, KOPA_TMP, CHROMIUM are set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.KOPA_BASE;
const PASSWORD = process.env.KOPA_PASSWORD;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && PASSWORD, 'run through tests/browser/run.sh');

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

async function login(context, username, lang) {
  const page = await context.newPage();
  await page.goto(BASE + '/login');
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if ((await page.getAttribute('html', 'lang')) !== lang) {
    await page.locator('form.lang button').click();
    await page.waitForLoadState('load');
  }
  return page;
}

// Violations on the page now shown, one line each.
async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found.map((f) => `${what}: ${f}`);
}

async function links(page, pattern) {
  const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))];
}

const ROLES = [
  { user: 'sw-bauska', deep: /^\/clients\/\d+(\/(plan|assign|assessment|contacts|tasks|correct|move|case))?$|^\/clients\/new$/ },
  { user: 'head-bauska', deep: /^\/caseloads\?|^\/claims\/\d+$|^\/clients\/\d+$/ },
  { user: 'provider-3', deep: /^\/attendance\?|^\/statement\?|^\/clients\/\d+$/ },
  { user: 'region-zpr', deep: /^\/claims\/\d+$|^\/indicators\?|^\/di-plan\/objects\/\d+|^\/di-plan\/(objects|amendments)\/new$/ },
  { user: 'ministry', deep: /^\/evaluation\?/ },
  { user: 'admin', deep: /^\/admin\/audit\?/ },
];
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];

// English first: the language is kept per account, and the specs that run
// after this one (in file order) expect the demo's accounts in Latvian.
for (const lang of ['en', 'lv']) {
  for (const role of ROLES) {
    test(`${role.user} (${lang}): axe finds no violation`, async () => {
      const problems = [];
      let checked = 0;
      for (const size of SIZES) {
        // The CSP allows only our own scripts; axe is injected by the test alone.
        const context = await browser.newContext({ viewport: size, bypassCSP: true });
        const page = await login(context, role.user, lang);
        const seen = new Set();
        const todo = [new URL(page.url()).pathname, ...(await links(page, /^\/[a-z]/))];
        for (let depth = 0; depth < 2 && todo.length; depth++) {
          const level = todo.splice(0, todo.length);
          for (const url of level) {
            if (seen.has(url) || url.startsWith('/static/')) continue;
            seen.add(url);
            const res = await page.goto(BASE + url);
            if (!res || res.status() !== 200) continue;
            problems.push(...(await axe(page, `${url} at ${size.width} px`)));
            checked++;
            if (depth === 0) {
              let n = 0;
              for (const next of await links(page, role.deep)) {
                if (!seen.has(next) && !todo.includes(next) && n++ < 3) todo.push(next);
              }
            }
          }
        }
        await context.close();
      }
      assert.deepEqual(problems, []);
      assert.ok(checked >= 4, `only ${checked} pages checked`);
    });
  }
}

// The harness can fail: an image without a text alternative planted on
// the login page is found.
test('axe finds a planted violation', async () => {
  const context = await browser.newContext({ viewport: SIZES[0], bypassCSP: true });
  const page = await context.newPage();
  await page.goto(BASE + '/login');
  await page.evaluate(() => { document.querySelector('main').append(document.createElement('img')); });
  const found = await axe(page, '/login with a planted image');
  await context.close();
  assert.ok(found.some((f) => f.includes('image-alt')), found.join('\n'));
});

// Applying online, without an account: the form, the form refused (a bad
// personal code: the error summary linking to the fields), the receipt, the
// status page and the privacy text, in Latvian and English, at both widths.
async function applyAndReceipt(page, formPath) {
  await page.goto(BASE + formPath);
  await page.selectOption('#f-municipality', { index: 1 });
  await page.selectOption('#f-service', { index: 1 });
  await page.locator('#f-need').fill('Dienas aprūpe');
  await page.locator('#f-applicant_given_name').fill('Inese');
  await page.locator('#f-applicant_family_name').fill('Liepa');
  await page.locator('#f-applicant_personal_code').fill('123');
  await page.locator('#f-phone').fill('+371 20000000');
  await page.locator('#f-consent').check();
  await page.locator(`form[action="${formPath}"] button[type=submit]`).click();
  await page.waitForLoadState('load');
}

for (const [lang, form, status, privacy] of [['lv', '/pieteikums', '/pieteikums/statuss', '/pieteikums/privatums'],
  ['en', '/en/apply', '/en/apply/status', '/en/apply/privacy']]) {
  test(`applying online (${lang}): axe finds no violation`, async () => {
    const problems = [];
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size, bypassCSP: true });
      const page = await context.newPage();
      for (const url of [form, status, privacy]) {
        const res = await page.goto(BASE + url);
        assert.equal(res.status(), 200, url);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        problems.push(...(await axe(page, `${url} at ${size.width} px`)));
      }
      await applyAndReceipt(page, form);
      assert.ok(await page.locator('.errors a[href="#f-applicant_personal_code"]').count(), 'error summary');
      problems.push(...(await axe(page, `${form} refused at ${size.width} px`)));
      await context.close();
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}
