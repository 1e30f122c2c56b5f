// Every page state of every role at phone width (390×844), in Latvian and
// English: the page never scrolls sideways (document scrollWidth ≤ 390;
// wide tables scroll inside themselves), the header stays compact, and the
// states a person reaches by acting (a claim's preview, a confirmation, a
// refused form) are measured too. Each page also passes `tidy`.
// Run by run.sh (KOPA_BASE, KOPA_PASSWORD, KOPA_TMP, CHROMIUM are set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const BASE = process.env.KOPA_BASE;
const PASSWORD = process.env.KOPA_PASSWORD;
const TMP = process.env.KOPA_TMP || tmpdir();
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && PASSWORD, 'run through tests/browser/run.sh');
const WIDTH = 390;
const HEIGHT = 844;
// The header with the menu, the user and the language switch: at most this
// tall at phone width (it measured 305 px before).
const HEADER_MAX = 160;

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

function tidyOk(html, where) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'no'], { input: html, encoding: 'utf8' });
  assert.ok(!/Error:/.test(r.stderr), `tidy found errors in ${where}:\n${r.stderr}`);
}

async function login(context, username, lang) {
  const page = await context.newPage();
  await page.goto(BASE + '/login');
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const now = await page.getAttribute('html', 'lang');
  if (now !== lang) {
    await page.locator('form.lang button').click();
    await page.waitForLoadState('load');
  }
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  return page;
}

// Measures the page now shown: no sideways scrolling of the page, the
// header compact. Returns a problem or null.
async function measure(page, what) {
  const m = await page.evaluate(() => {
    const top = document.querySelector('header.top');
    return {
      scroll: document.documentElement.scrollWidth,
      header: top ? Math.round(top.getBoundingClientRect().height) : 0,
    };
  });
  if (m.scroll > WIDTH) return `${what}: page is ${m.scroll} px wide`;
  if (m.header > HEADER_MAX) return `${what}: header is ${m.header} px tall`;
  return null;
}

async function visit(page, url, problems, seen) {
  if (seen.has(url)) return;
  seen.add(url);
  const res = await page.goto(BASE + url);
  if (!res || res.status() !== 200) return; // a page this role may not open: not a page state
  tidyOk(await page.content(), url);
  const p = await measure(page, url);
  if (p) {
    problems.push(p);
    await page.screenshot({ path: path.join(TMP, `wide-${url.replace(/[^a-z0-9]+/gi, '_')}.png`), fullPage: true });
  }
}

// The links a page offers that stay on this site and change nothing.
async function links(page, pattern) {
  const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))];
}

async function menu(page) {
  return links(page, /^\/[a-z]/);
}

const ROLES = [
  { user: 'sw-bauska', deep: /^\/clients\/\d+(\/(plan|assign|assessment|contacts|tasks|correct|move|case|code|representatives|residence))?$|^\/assignments\/\d+$|^\/clients(\/new)?$/ },
  { user: 'head-bauska', deep: /^\/caseloads\?|^\/claims\/\d+$|^\/clients\/\d+$/ },
  { user: 'provider-3', deep: /^\/attendance\?|^\/statement\?|^\/clients\/\d+$/ },
  { user: 'region-zpr', deep: /^\/claims\/\d+$|^\/indicators\?|^\/di-plan\/objects\/\d+|^\/di-plan\/(objects|amendments)\/new$|^\/cooperation\/\d+$/ },
  { user: 'ministry', deep: /^\/evaluation\?/ },
  { user: 'admin', deep: /^\/admin\/audit\?/ },
];

for (const lang of ['lv', 'en']) {
  for (const role of ROLES) {
    test(`${role.user} (${lang}): every page fits 390 px`, async () => {
      const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, locale: lang === 'en' ? 'en-GB' : 'lv-LV' });
      const page = await login(context, role.user, lang);
      const problems = [];
      const seen = new Set();
      const start = new URL(page.url()).pathname;
      const first = await measure(page, start);
      if (first) problems.push(first);
      seen.add(start);
      const todo = await menu(page);
      // The menu's pages, then a few of the pages each of them links to
      // (a card and its sub-pages, a claim, a worker's list), three deep.
      for (let depth = 0; depth < 3 && todo.length; depth++) {
        const level = todo.splice(0, todo.length);
        for (const url of level) {
          await visit(page, url, problems, seen);
          if (depth < 2) {
            let n = 0;
            for (const next of await links(page, role.deep)) {
              if (!seen.has(next) && !todo.includes(next) && n++ < 4) todo.push(next);
            }
          }
        }
      }
      // States reached by acting.
      if (role.user === 'head-bauska') {
        await page.goto(BASE + '/claims');
        const month = await page.locator('#f-month').inputValue();
        for (const m of [month, '2021-10', '2022-03']) {
          const res = await page.goto(`${BASE}/claims/preview?month=${m}`);
          if (res.status() === 200 || res.status() === 422) {
            const p = await measure(page, `claim preview ${m} (${res.status()})`);
            if (p) problems.push(p);
          }
        }
      }
      if (role.user === 'region-zpr') {
        await page.goto(BASE + '/claims');
        const claim = (await links(page, /^\/claims\/\d+$/))[0];
        if (claim) {
          await page.goto(BASE + claim);
          const box = page.locator('input[name=reject_1]');
          if (await box.count()) {
            await box.check();
            // No reason: the form comes back with the message next to the line.
            await page.locator('button[name=accept_rest][value="1"]').click();
            await page.waitForLoadState('load');
            let p = await measure(page, `${claim}: reject without a reason`);
            if (p) problems.push(p);
            await page.locator('input[name=reject_1]').check();
            await page.locator('input[name=reason_1]').fill('Nav klienta paraksta');
            await page.locator('button[name=accept_rest][value="1"]').click();
            await page.waitForLoadState('load');
            tidyOk(await page.content(), `${claim}: confirmation`);
            p = await measure(page, `${claim}: confirmation`);
            if (p) problems.push(p);
            // Cancel: nothing is decided.
          }
        }
      }
      if (role.user === 'sw-bauska') {
        const card = [...seen].find((u) => /^\/clients\/\d+$/.test(u));
        if (card) {
          await page.goto(`${BASE}${card}/contacts`);
          await page.locator('form[action$="/contacts"] button[type=submit]').click();
          await page.waitForLoadState('load');
          const p = await measure(page, `${card}/contacts refused`);
          if (p) problems.push(p);
        }
        await page.goto(BASE + '/clients/new');
        await page.locator('form.panel button[type=submit]').first().click();
        await page.waitForLoadState('load');
        const p = await measure(page, '/clients/new refused');
        if (p) problems.push(p);
      }
      await page.screenshot({ path: path.join(TMP, `phone-${role.user}-${lang}.png`) });
      assert.ok(seen.size >= 2, `${role.user}: only ${[...seen].join(', ')} visited`);
      assert.deepEqual(problems, [], problems.join('\n'));
      await context.close();
    });
  }
}

// Applying online, without an account: the form, refused and sent (the
// receipt), the status page and the privacy text fit 390 px.
for (const [form, status, privacy] of [['/pieteikums', '/pieteikums/statuss', '/pieteikums/privatums'],
  ['/en/apply', '/en/apply/status', '/en/apply/privacy']]) {
  test(`${form}: the public application pages fit 390 px`, async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
    const page = await context.newPage();
    const problems = [];
    const seen = new Set();
    for (const url of [form, status, privacy]) await visit(page, url, problems, seen);
    await page.goto(BASE + form);
    await page.locator(`form[action="${form}"] button[type=submit]`).click(); // the browser stops it: required fields
    await page.selectOption('#f-municipality', { index: 1 });
    await page.selectOption('#f-service', { index: 1 });
    await page.locator('#f-need').fill('Dienas aprūpe darba dienās, kamēr vecāki strādā');
    await page.locator('#f-applicant_given_name').fill('Inese');
    await page.locator('#f-applicant_family_name').fill('Liepa');
    await page.locator('#f-applicant_personal_code').fill('123');
    await page.locator('#f-phone').fill('+371 20000000');
    await page.locator('#f-consent').check();
    await page.locator(`form[action="${form}"] button[type=submit]`).click();
    await page.waitForLoadState('load');
    let p = await measure(page, `${form} refused`);
    if (p) problems.push(p);
    await page.locator('#f-applicant_personal_code').fill('010180-10018');
    await page.locator('#f-consent').check();
    await page.locator(`form[action="${form}"] button[type=submit]`).click();
    await page.waitForLoadState('load');
    assert.ok(await page.locator('strong.code').count() === 2, 'the receipt');
    p = await measure(page, `${form}: the receipt`);
    if (p) problems.push(p);
    assert.deepEqual(problems, [], problems.join('\n'));
    await context.close();
  });
}
