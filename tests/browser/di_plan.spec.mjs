// The DI plan editor in a real browser (issue 11, item 1): as region-zpr,
// add an object to the Zemgale plan from 01.03.2022 (8 places) and an
// amendment that changes its places to 12 from 01.06.2022; the evaluation
// on 31.05.2022 is the same before and after the amendment is recorded
// (the object with 8 places), on 01.06.2022 it has 12, and the amendment's
// text is in the evaluation's appendix from that day only. The demo's plan
// itself ends with amendment No. 8 (2021), so the new one is No. 9. Every
// page visited passes `tidy -q -e`. Run by run.sh (KOPA_BASE, KOPA_PASSWORD,
// KOPA_TMP, CHROMIUM are set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const BASE = process.env.KOPA_BASE;
const PASSWORD = process.env.KOPA_PASSWORD;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && PASSWORD, 'run through tests/browser/run.sh');

const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `Grupu dzīvoklis Pārlielupē ${suffix}`;
const TEXT = `Grozījumi Nr. 9. Jelgavas valstspilsētā grupu dzīvoklī ${suffix} 12 vietas (iepriekš 8).`;
let browser;

function tidyOk(html, where) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'no'], { input: html, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `tidy found errors in ${where}:\n${r.stderr}`);
  assert.ok(!/Error:/.test(r.stderr), `tidy found errors in ${where}:\n${r.stderr}`);
}

async function login(context, username) {
  const page = await context.newPage();
  await page.goto(BASE + '/login');
  await page.getByLabel('Lietotājvārds').fill(username);
  await page.getByLabel('Parole').fill(PASSWORD);
  await page.getByRole('button', { name: 'Pieteikties' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

// The evaluation of ZPR on a date as the HTML file the page offers.
async function evaluation(context, at) {
  const res = await context.request.get(`${BASE}/evaluation/file?region=ZPR&at=${at}&format=html`);
  assert.equal(res.status(), 200, `evaluation at ${at}`);
  return res.text();
}

// The places the evaluation gives the object (its row in the municipality's
// list of DI plan objects: name, group, service, places, …).
function placesIn(html, name) {
  const row = html.split('<tr>').find((r) => r.includes(`<td>${name}</td>`));
  assert.ok(row, `the evaluation lists ${name}`);
  const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
  return Number(cells[3]);
}

// The appendix of amendments (from its heading to the next appendix's).
function appendix(html) {
  const i = html.lastIndexOf('2. pielikums. DI plāna grozījumi');
  assert.ok(i >= 0, 'the evaluation has the appendix of amendments');
  const j = html.indexOf('3. pielikums.', i);
  return j >= 0 ? html.slice(i, j) : html.slice(i);
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
  if (browser) await browser.close();
});

test('the coordinator adds an object and an amendment that changes its places from a date', async () => {
  const context = await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 900 } });
  const page = await login(context, 'region-zpr');

  // The plan from the menu: the demo's objects with addresses, its eight
  // amendments with their texts.
  await page.getByRole('link', { name: 'DI plāns' }).first().click();
  await page.getByRole('heading', { level: 1, name: /DI plāns/ }).waitFor();
  tidyOk(await page.content(), '/di-plan');
  await page.locator('#f-at').fill('31.12.2021.');
  await page.getByRole('button', { name: 'Rādīt' }).click();
  await page.waitForURL(/at=31\.12\.2021/);
  assert.ok((await page.content()).includes('Zirgu iela 47a, Jelgava'));
  await page.locator('#amendment-8').waitFor();
  assert.match(await page.locator('#amendment-6').innerText(), /Slimnīcas iel/);

  // A new object: first with places that are no number — the message
  // stands next to the field and what was typed stays.
  await page.getByRole('link', { name: 'Jauns objekts' }).click();
  tidyOk(await page.content(), '/di-plan/objects/new');
  await page.locator('#f-name').fill(NAME);
  await page.locator('#f-address').fill('Pārlielupes iela 1, Jelgava');
  await page.locator('#f-municipality').selectOption('0003000');
  await page.locator('#f-target_group').selectOption('grt');
  await page.locator('#f-service').selectOption('group_home');
  await page.locator('#f-places').fill('astoņas');
  await page.locator('#f-added_on').fill('01.03.2022.');
  await page.locator('#f-erdf').fill('240000.00');
  await page.locator('#f-municipal').fill('42352.94');
  await page.getByRole('button', { name: 'Saglabāt' }).click();
  await page.locator('#f-places-err').waitFor();
  assert.equal(await page.locator('#f-name').inputValue(), NAME);
  tidyOk(await page.content(), 'the new object form with an error');
  await page.locator('#f-places').fill('8');
  await page.getByRole('button', { name: 'Saglabāt' }).click();
  await page.waitForURL(/\/di-plan\/objects\/\d+\?saved=1/);
  const objectId = new URL(page.url()).pathname.split('/')[3];
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  tidyOk(await page.content(), `/di-plan/objects/${objectId}`);

  // The evaluation on 31.05.2022 before the amendment exists.
  const before31May = await evaluation(context, '2022-05-31');
  assert.equal(placesIn(before31May, NAME), 8);
  assert.ok(!appendix(before31May).includes(TEXT));

  // The amendment: No. 9 from 01.06.2022, places 8 → 12.
  await page.goto(BASE + '/di-plan');
  await page.getByRole('link', { name: 'Jauni grozījumi' }).click();
  tidyOk(await page.content(), '/di-plan/amendments/new');
  assert.equal(await page.locator('#f-number').inputValue(), '9');
  await page.locator('#f-approved_on').fill('01.06.2022.');
  await page.locator('#f-decision_no').fill('SPAP sēdes protokols Nr. 21');
  await page.locator('#f-decision_on').fill('25.05.2022.');
  await page.locator('#f-reason').fill('Pieprasījums pēc grupu dzīvokļa pieaudzis');
  await page.locator('#f-text').fill(TEXT);
  await page.locator('#f-object_id').selectOption(objectId);
  await page.locator('#f-field').selectOption('places');
  await page.locator('#f-new_value').fill('12');
  await page.getByRole('button', { name: 'Saglabāt' }).click();
  await page.waitForURL(/\/di-plan\?saved=1&at=2022-06-01/);
  await page.getByText('Saglabāts.').waitFor();
  tidyOk(await page.content(), '/di-plan after the amendment');
  const amendment = page.locator('#amendment-9');
  assert.ok((await amendment.innerText()).includes(TEXT));
  assert.match(await amendment.innerText(), /SPAP sēdes protokols Nr\. 21, 25\.05\.2022\./);

  // The object's page on the day before and the day itself.
  await page.goto(`${BASE}/di-plan/objects/${objectId}?at=2022-05-31`);
  assert.match(await page.locator('dl.facts').innerText(), /Vietas\s+8/);
  await page.goto(`${BASE}/di-plan/objects/${objectId}?at=2022-06-01`);
  assert.match(await page.locator('dl.facts').innerText(), /Vietas\s+12/);
  assert.match(await page.locator('#di-history').innerText(), /Grozījumi Nr\. 9/);
  tidyOk(await page.content(), `/di-plan/objects/${objectId} on 01.06.2022`);

  // The evaluation before the date: unchanged, to the byte; from the date:
  // 12 places, and the amendment's text in the appendix.
  const after31May = await evaluation(context, '2022-05-31');
  assert.equal(after31May, before31May);
  const june1 = await evaluation(context, '2022-06-01');
  assert.equal(placesIn(june1, NAME), 12);
  const app = appendix(june1);
  assert.ok(app.includes(TEXT), 'the amendment text is in the appendix');
  assert.ok(app.includes('Grozījumi Nr. 9 (spēkā no 01.06.2022.)'));
  await context.close();
});
