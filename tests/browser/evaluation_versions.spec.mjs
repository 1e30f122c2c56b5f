// The evaluation as the published document in a real browser, as region-zpr:
// read it chapter by chapter, write a chapter, approve (version 1), correct
// a record (an indicator's 2021 value, 260 in the demo, becomes 261 from
// today), approve again: version 2 lists that figure, old → new, and every
// version's files are downloadable with the SHA-256 the page shows. The
// evaluation approved is the one at today's date, where a correction made
// today counts (a past date's figures stay as the records stood then).
// Every page visited passes `tidy -q -e`. Run by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

const BASE = process.env.KOPA_BASE;
const PASSWORD = process.env.KOPA_PASSWORD;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && PASSWORD, 'run through tests/browser/run.sh');
const TODAY = new Date().toISOString().slice(0, 10);
let browser;

function tidyOk(html, where) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'no'], { input: html, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `tidy found errors in ${where}:\n${r.stderr}`);
  assert.ok(!/Error:/.test(r.stderr), `tidy found errors in ${where}:\n${r.stderr}`);
}

async function tidyPage(page) {
  tidyOk(await page.content(), page.url());
}

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: false, // the flag below makes it headless (new mode)
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

test('region-zpr reads the evaluation, writes a chapter, approves, corrects a record and approves version 2', async () => {
  const context = await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/login');
  await page.getByLabel('Lietotājvārds').fill('region-zpr');
  await page.getByLabel('Parole').fill(PASSWORD);
  await page.getByRole('button', { name: 'Pieteikties' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));

  // Read it in the browser: the introduction first, then the next chapter.
  await page.goto(BASE + '/evaluation');
  await page.getByRole('button', { name: 'Skatīt pārlūkā' }).click();
  await page.getByRole('heading', { level: 2, name: 'Ievads un tiesiskais pamats' }).waitFor();
  await tidyPage(page);
  const toc = page.getByRole('navigation', { name: 'Saturs' });
  assert.ok((await toc.getByRole('link').count()) > 8, 'the contents list the chapters');
  await page.getByRole('link', { name: /^Nākamā nodaļa/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Projekts un budžets' }).waitFor();

  // A chapter of the evaluation at today's date.
  await page.goto(`${BASE}/evaluation/chapters?region=ZPR&at=${TODAY}`);
  await tidyPage(page);
  await page.getByLabel('Ieteikumi').fill('- Plānot pakalpojumu izmaksas pēc 2023. gada.\n- Informēt klientus.');
  await page.getByRole('button', { name: 'Saglabāt tekstus' }).click();
  await page.getByText('Teksti saglabāti.').waitFor();
  assert.match(await page.getByLabel('Ieteikumi').inputValue(), /Informēt klientus/);

  // Version 1, after the page saying what approving does.
  await page.goto(`${BASE}/evaluation/approve?region=ZPR&at=${TODAY}`);
  await page.getByRole('heading', { level: 1, name: /versija 1$/ }).waitFor();
  await tidyPage(page);
  await page.getByRole('button', { name: 'Apstiprināt versiju 1' }).click();
  await page.getByRole('heading', { level: 1, name: 'Apstiprinātā versija 1' }).waitFor();
  await tidyPage(page);

  // A record changes: the 2021 number of social work specialists, 260 → 261.
  await page.goto(BASE + '/indicators?indicator=16&correct=2021#value-h');
  await page.getByLabel('Jaunā vērtība').fill('261');
  await page.getByLabel('Iemesls').fill('Precizēts skaits pēc pašvaldību atskaitēm');
  await page.getByRole('button', { name: 'Labot' }).click();
  await page.waitForURL((u) => u.pathname === '/indicators' && u.search.includes('saved'));

  // Version 2 lists the changed figure.
  await page.goto(`${BASE}/evaluation/approve?region=ZPR&at=${TODAY}`);
  await tidyPage(page);
  const row = page.getByRole('row').filter({ hasText: 'indicator_table///social_work_specialists/achieved/2021' });
  assert.equal(await row.count(), 1, 'the approval page lists the changed figure');
  assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(2), ['260', '261']);
  await page.getByRole('button', { name: 'Apstiprināt versiju 2' }).click();
  await page.getByRole('heading', { level: 1, name: 'Apstiprinātā versija 2' }).waitFor();
  await tidyPage(page);
  const listed = page.getByRole('row').filter({ hasText: 'indicator_table///social_work_specialists/achieved/2021' });
  assert.deepEqual((await listed.getByRole('cell').allInnerTexts()).slice(2), ['260', '261']);

  // Both versions, newest first; each file is the bytes of its hash.
  await page.getByRole('link', { name: 'Apstiprinātās versijas' }).click();
  await tidyPage(page);
  const rows = page.locator('table.versions tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal((await rows.nth(0).getByRole('cell').first().innerText()).trim(), '2');
  for (let i = 0; i < 2; i++) {
    const item = rows.nth(i).locator('ul.files li').first();
    const href = await item.getByRole('link').getAttribute('href');
    const shown = (await item.locator('code.sha').innerText()).trim();
    const res = await context.request.get(BASE + href);
    assert.equal(res.status(), 200);
    const sha = createHash('sha256').update(await res.body()).digest('hex');
    assert.equal(sha, shown, `${href} is the approved file`);
  }
  await context.close();
});
