// The daily work in a real browser: a social worker registers a client,
// records an assessment, writes and approves a plan, assigns respite and is
// refused the 31st day with the reason next to the field; a provider records
// a day's attendance for a group. Every page visited passes `tidy -q -e`.
// Run by run.sh (KOPA_BASE, KOPA_PASSWORD, KOPA_TMP, CHROMIUM are set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.KOPA_BASE;
const PASSWORD = process.env.KOPA_PASSWORD;
const TMP = process.env.KOPA_TMP || tmpdir();
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && PASSWORD, 'run through tests/browser/run.sh');

// Dates around today, as the server sees them (UTC).
const iso = (d) => d.toISOString().slice(0, 10);
const today = new Date();
const day = (offset) => iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset)));
const YEAR = today.getUTCFullYear();

// A valid old-format personal code (DDMMYY-CNNNZ) for a random 20th-century
// birth date, so repeated runs do not collide. Check digit as in
// ../shared/reference/latvia.md: (1101 − Σ wᵢ·dᵢ) mod 11 mod 10.
function personalCode() {
  const y = 1950 + Math.floor(Math.random() * 40);
  const m = 1 + Math.floor(Math.random() * 12);
  const d = 1 + Math.floor(Math.random() * 28);
  const serial = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const p2 = (n) => String(n).padStart(2, '0');
  const ten = `${p2(d)}${p2(m)}${p2(y % 100)}1${serial}`;
  const w = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...ten].reduce((s, c, i) => s + w[i] * Number(c), 0);
  const z = (((1101 - sum) % 11) + 11) % 11 % 10;
  return { code: `${ten.slice(0, 6)}-${ten.slice(6)}${z}`, birth: `${y}-${p2(m)}-${p2(d)}` };
}

const person = personalCode();
const suffix = Math.random().toString(36).slice(2, 7);
const GIVEN = 'Ilze';
const FAMILY = `Testere-${suffix}`;
let clientId = 0;
let browser;

function tidyOk(html, where) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'no'], { input: html, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `tidy found errors in ${where}:\n${r.stderr}`);
  assert.ok(!/Error:/.test(r.stderr), `tidy found errors in ${where}:\n${r.stderr}`);
}

// Fetches a page with the context's cookies and checks it with tidy.
async function checkHtml(context, url) {
  const res = await context.request.get(BASE + url);
  assert.equal(res.status(), 200, `GET ${url}`);
  tidyOk(await res.text(), url);
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

test('a social worker registers a client, assesses, plans, assigns and is refused the 31st respite day', async () => {
  const context = await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 900 } });
  const page = await login(context, 'sw-bauska');

  await page.goto(BASE + '/caseload');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Mani klienti' }).waitFor());
  await checkHtml(context, '/caseload');

  // The language switch, and back.
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor();
  await page.getByRole('button', { name: /Latviski/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Mani klienti' }).waitFor();

  // Register: first with the family name missing — the message stands next
  // to the field and everything typed is kept.
  await page.getByRole('link', { name: 'Reģistrēt klientu' }).click();
  await checkHtml(context, '/clients/new');
  await page.getByLabel('Personas kods').fill(person.code);
  await page.getByRole('textbox', { name: 'Vārds', exact: true }).fill(GIVEN);
  await page.getByLabel('Dzimšanas datums').fill(person.birth);
  await page.getByLabel('Mērķa grupa').selectOption('grt');
  await page.getByLabel('Invaliditātes grupa').selectOption('2');
  await page.getByLabel('Uzvārds').evaluate((el) => el.removeAttribute('required'));
  await page.getByRole('button', { name: 'Reģistrēt' }).click();
  await page.locator('#f-family_name-err').waitFor();
  assert.match(await page.locator('#f-family_name-err').innerText(), /obligāts/);
  assert.equal(await page.getByRole('textbox', { name: 'Vārds', exact: true }).inputValue(), GIVEN);
  // Nothing typed is lost, the personal code included (issue 9).
  assert.equal(await page.getByLabel('Personas kods').inputValue(), person.code);
  tidyOk(await page.content(), 'the register form with errors');

  // A stale security token is refused without losing what was typed.
  await page.getByLabel('Personas kods').fill(person.code);
  await page.getByLabel('Uzvārds').fill(FAMILY);
  await page.locator('form.panel input[name=csrf]').evaluate((el) => { el.value = 'stale'; });
  await page.getByRole('button', { name: 'Reģistrēt' }).click();
  await page.getByText('Veidlapa ir novecojusi').waitFor();
  assert.equal(await page.getByLabel('Uzvārds').inputValue(), FAMILY);

  // Now for real.
  await page.getByLabel('Personas kods').fill(person.code);
  await page.getByRole('button', { name: 'Reģistrēt' }).click();
  await page.waitForURL(/\/clients\/\d+\?saved=1$/);
  clientId = Number(new URL(page.url()).pathname.split('/')[2]);
  await page.getByText('Saglabāts.').waitFor();
  await page.getByRole('heading', { level: 1, name: `${GIVEN} ${FAMILY}` }).waitFor();
  await checkHtml(context, `/clients/${clientId}`);
  // The personal code is not in the URL or the page.
  assert.ok(!page.url().includes(person.code.slice(0, 6)));
  assert.ok(!(await page.content()).includes(person.code));

  // Needs assessment, with a draft saved by the button (no JavaScript needed).
  await page.getByRole('link', { name: 'Ierakstīt izvērtējumu' }).click();
  await checkHtml(context, `/clients/${clientId}/assessment`);
  await page.getByLabel('Izvērtēšanas kārta').fill('1');
  await page.getByLabel('Kur persona dzīvo').selectOption('family');
  await page.getByLabel('Izvērtētājs').fill('Neatkarīgs eksperts');
  await page.getByLabel('Atelpas brīdis').check();
  await page.getByRole('button', { name: 'Saglabāt melnrakstu' }).click();
  await page.getByText('Melnraksts saglabāts').waitFor();
  await page.goto(`${BASE}/clients/${clientId}/assessment`);
  await page.getByText('Parādīts jūsu saglabātais melnraksts').waitFor();
  assert.equal(await page.getByLabel('Izvērtētājs').inputValue(), 'Neatkarīgs eksperts');
  assert.ok(await page.getByLabel('Atelpas brīdis').isChecked());
  await page.getByLabel('Dienas aprūpes centrs').check();
  await page.getByRole('button', { name: 'Saglabāt izvērtējumu' }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('cell', { name: /Dienas aprūpes centrs; Atelpas brīdis/ }).waitFor();

  // Support plan: write, approve.
  await page.getByRole('link', { name: 'Rakstīt vai mainīt atbalsta plānu' }).click();
  await checkHtml(context, `/clients/${clientId}/plan`);
  // With JavaScript the form keeps a draft as the person types (kopa.js
  // posts it a few seconds after the last change).
  await page.getByLabel('Mērķi', { exact: true }).fill('Dzīve kopienā; atelpa ģimenei');
  await page.waitForTimeout(3800);
  await page.reload();
  await page.getByText('Parādīts jūsu saglabātais melnraksts').waitFor();
  assert.equal(await page.getByLabel('Mērķi', { exact: true }).inputValue(), 'Dzīve kopienā; atelpa ģimenei');
  await page.getByLabel('Pārskatīt līdz').fill(day(180));
  await page.getByLabel('Pakalpojums, Rinda 1').selectOption('respite');
  await page.getByLabel('Apjoms, Rinda 1').fill('30');
  await page.getByLabel('No, Rinda 1').fill(`${YEAR}-01-01`);
  await page.getByLabel('Līdz, Rinda 1').fill(`${YEAR}-12-31`);
  await page.getByLabel('Pakalpojums, Rinda 2').selectOption('day_care');
  await page.getByLabel('Apjoms, Rinda 2').fill('40');
  await page.getByLabel('Sniedzējs, Rinda 2').selectOption('3');
  await page.getByLabel('No, Rinda 2').fill(day(-10));
  await page.getByLabel('Līdz, Rinda 2').fill(day(60));
  await page.getByRole('button', { name: 'Saglabāt plānu' }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('heading', { name: 'Versija 1 — melnraksts' }).waitFor();
  // Approving asks first, saying what will happen.
  await page.getByRole('button', { name: 'Apstiprināt plānu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Apstiprināt atbalsta plānu?' }).waitFor();
  await page.getByText('plāna versija 1 stāsies spēkā').waitFor();
  tidyOk(await page.content(), 'the approval question');
  await page.getByRole('button', { name: 'Jā, apstiprināt plānu' }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('heading', { name: 'Versija 1 — apstiprināts' }).waitFor();

  // A change makes version 2; the comparison shows what changed.
  await page.getByRole('link', { name: 'Rakstīt vai mainīt atbalsta plānu' }).click();
  await page.getByLabel('Apjoms, Rinda 2').fill('60');
  await page.getByRole('button', { name: 'Saglabāt plānu' }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('heading', { name: 'Versija 2 — melnraksts' }).waitFor();
  await page.getByRole('button', { name: 'Rādīt izmaiņas' }).click();
  await page.getByRole('heading', { level: 1, name: 'Atbalsta plāna izmaiņas' }).waitFor();
  await page.getByRole('cell', { name: 'mainīts' }).waitFor();
  tidyOk(await (await context.request.get(page.url())).text(), 'the plan comparison');
  await page.getByRole('link', { name: 'Atpakaļ uz klienta kartīti' }).click();

  // Respite: 30 days this year are granted …
  await page.goto(`${BASE}/clients/${clientId}/assign`);
  await checkHtml(context, `/clients/${clientId}/assign`);
  await page.getByLabel('Pakalpojums').selectOption('respite');
  await page.getByLabel('Sākuma datums').fill(`${YEAR}-01-02`);
  await page.getByLabel('Beigu datums').fill(`${YEAR}-01-31`);
  await page.getByLabel('Apjoms visam periodam').fill('30');
  await page.getByLabel('Atelpas brīža veids').selectOption('full');
  await page.getByRole('button', { name: 'Piešķirt' }).click();
  await page.waitForURL(/\?saved=1$/);

  // … and the 31st is refused, with the reason next to the field.
  await page.goto(`${BASE}/clients/${clientId}/assign`);
  await page.getByLabel('Pakalpojums').selectOption('respite');
  await page.getByLabel('Sākuma datums').fill(`${YEAR}-06-01`);
  await page.getByLabel('Beigu datums').fill(`${YEAR}-06-01`);
  await page.getByLabel('Apjoms visam periodam').fill('1');
  await page.getByRole('button', { name: 'Piešķirt' }).click();
  const refusal = page.locator('#f-units-err');
  await refusal.waitFor();
  assert.equal(await refusal.innerText(), `Atelpas brīdis: ne vairāk kā 30 diennaktis ${YEAR}. kalendārajā gadā; izmantotas 30, pieprasīta 1`);
  // The field says it is wrong and points at the reason; the input is kept.
  assert.equal(await page.getByLabel('Apjoms visam periodam').getAttribute('aria-invalid'), 'true');
  // The refused form keeps the date, shown the Latvian way (dd.mm.gggg.).
  assert.equal(await page.getByLabel('Sākuma datums').inputValue(), `01.06.${YEAR}.`);
  tidyOk(await page.content(), 'the refused assignment');
  await page.screenshot({ path: path.join(TMP, 'assign-refused.png'), fullPage: true });

  // Day care at the provider, for the provider's attendance below: the
  // provider list follows the service (a submit button, no JavaScript).
  await page.getByLabel('Pakalpojums').selectOption('day_care');
  await page.getByRole('button', { name: 'Rādīt sniedzējus šim pakalpojumam' }).click();
  await page.getByLabel('Sniedzējs').selectOption('3');
  await page.getByLabel('Sākuma datums').fill(day(-10));
  await page.getByLabel('Beigu datums').fill(day(60));
  await page.getByLabel('Apjoms visam periodam').fill('40');
  await page.getByLabel('Atelpas brīža veids').selectOption('');
  await page.getByRole('button', { name: 'Piešķirt' }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('cell', { name: 'Dienas aprūpes centrs', exact: true }).first().waitFor();
  await page.screenshot({ path: path.join(TMP, 'client-card.png'), fullPage: true });

  // The caseload now lists the client with the respite used (the start
  // page shows the top rows; the whole list is filtered by name).
  await page.goto(BASE + '/caseload?show=clients&q=' + encodeURIComponent(FAMILY));
  const row = page.getByRole('row', { name: new RegExp(FAMILY) });
  await row.waitFor();
  assert.match(await row.innerText(), /30/);
  await page.screenshot({ path: path.join(TMP, 'caseload.png'), fullPage: true });
  await checkHtml(context, '/caseload');
  await checkHtml(context, '/clients');
  await context.close();
});

test('a double-submitted form creates one record', async () => {
  const context = await browser.newContext({ locale: 'lv-LV' });
  const page = await login(context, 'sw-bauska');
  await page.goto(BASE + '/clients/new');
  const token = await page.locator('input[name=form_token]').inputValue();
  const csrf = await page.locator('form.panel input[name=csrf]').inputValue();
  const other = personalCode();
  const form = {
    csrf, form_token: token, personal_code: other.code, given_name: 'Dace', family_name: `Divreiz-${suffix}`,
    birth_date: other.birth, municipality: '0025000', target_group: 'grt', registered_on: day(0),
  };
  const first = await context.request.post(BASE + '/clients/new', { form, maxRedirects: 0 });
  const second = await context.request.post(BASE + '/clients/new', { form, maxRedirects: 0 });
  assert.equal(first.status(), 303);
  assert.equal(second.status(), 303);
  assert.equal(second.headers().location, first.headers().location);
  await context.close();
});

test('a provider records a day\'s attendance for the group in one form', async () => {
  assert.ok(clientId > 0, 'the social worker test runs first');
  const context = await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 900 } });
  const page = await login(context, 'provider-3');
  await page.goto(BASE + '/referrals');
  await page.getByRole('link', { name: new RegExp(FAMILY) }).waitFor();
  await checkHtml(context, '/referrals');

  await page.getByRole('link', { name: 'Ierakstīt grupas apmeklējumu' }).click();
  await page.getByLabel('Pakalpojums').selectOption('day_care');
  await page.getByLabel('Datums').fill(day(0));
  await page.getByRole('button', { name: 'Rādīt grupu' }).click();
  const mine = page.getByLabel(`${FAMILY} ${GIVEN}`);
  await mine.waitFor();
  await checkHtml(context, `/attendance?service=day_care&date=${day(0)}`);

  // More than granted: nothing is saved, the message is on that row.
  await mine.fill('999');
  await page.getByRole('button', { name: 'Saglabāt apmeklējumu' }).click();
  await page.getByText('Nekas netika saglabāts').waitFor();
  assert.match(await page.locator('td.has-error .error').first().innerText(), /pārsniedz piešķirto apjomu/);
  assert.equal(await page.getByLabel(`${FAMILY} ${GIVEN}`).inputValue(), '999');
  tidyOk(await page.content(), 'the attendance form with errors');

  await page.getByLabel(`${FAMILY} ${GIVEN}`).fill('1');
  await page.getByRole('button', { name: 'Saglabāt apmeklējumu' }).click();
  await page.getByText('Apmeklējums saglabāts. Ierakstu skaits: 1').waitFor();
  const row = page.getByRole('row', { name: new RegExp(FAMILY) });
  assert.match(await row.innerText(), /39\s+1/);
  await page.screenshot({ path: path.join(TMP, 'attendance.png'), fullPage: true });

  await page.goto(BASE + `/statement?month=${day(0).slice(0, 7)}`);
  await page.getByRole('heading', { level: 2, name: 'Bauskas novads' }).waitFor();
  await checkHtml(context, `/statement?month=${day(0).slice(0, 7)}`);
  await context.close();
});

test('the municipal head sees caseloads per worker', async () => {
  const context = await browser.newContext({ locale: 'lv-LV' });
  const page = await login(context, 'head-bauska');
  await page.goto(BASE + '/caseloads');
  await page.getByRole('link', { name: 'sw-bauska' }).click();
  await page.getByRole('link', { name: new RegExp(FAMILY) }).waitFor();
  await checkHtml(context, '/caseloads');
  await context.close();
});
