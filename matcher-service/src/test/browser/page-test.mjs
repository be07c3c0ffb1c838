// Drives the matcher's web page in headless Chromium, as a shop owner would: enter the API token,
// enrol a person from a photo, see them listed, see their visit arrive live and counted in the
// chart, then delete them. Run by WebPageIT, which starts the broker and the matcher, and which
// injects the visit when this script prints "STEP enrolled <id>".
// Usage: node page-test.mjs '{"url":..., "token":..., "name":..., "photos":[...], "camera":...,
//                             "chromium":..., "screenshots":..., "timeoutMs":...}'
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const cfg = JSON.parse(process.argv[2]);
const log = (...args) => console.log('[browser]', ...args);
const step = (name, detail = '') => console.log(`STEP ${name} ${detail}`.trim());
const WAIT = 30000;

setTimeout(() => {
  console.error(`[browser] gave up after ${cfg.timeoutMs} ms`);
  process.exit(3);
}, cfg.timeoutMs).unref();

mkdirSync(cfg.screenshots, { recursive: true });
const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true });
const problems = [];
let expect401 = false; // the browser logs the refused request of the wrong-token step as a console error
let page;
let shot = 0;

async function screenshot(name) {
  const file = join(cfg.screenshots, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot', file);
}

function check(condition, what) {
  if (!condition) throw new Error('expected ' + what);
  log('ok:', what);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(expect401 && m.text().includes('status of 401'))) problems.push('console error: ' + m.text());
  });
  page.on('dialog', async (d) => { log('confirm dialog:', JSON.stringify(d.message())); await d.accept(); });

  // the page opens; without a token it shows no one and no events, and says why
  await page.goto(cfg.url);
  check((await page.title()) === 'Footfall', 'the page title is Footfall');
  await page.locator('#live-status[data-state="locked"]').waitFor();
  await page.locator('#people-message', { hasText: 'token' }).waitFor();
  log('without a token:', await page.textContent('#live-text'), '/', await page.textContent('#people-message'));

  // a wrong token is refused with a message saying what to do
  expect401 = true;
  await page.fill('#token', 'not-the-token');
  await page.click('#token-form button[type="submit"]');
  await page.locator('#live-text', { hasText: 'refused' }).waitFor();
  await page.fill('#enrol-name', cfg.name);
  await page.setInputFiles('#enrol-photos', cfg.photos);
  await page.locator('#thumbs img').first().waitFor();
  await page.click('#enrol-submit');
  await page.locator('#enrol-message .err', { hasText: 'token' }).waitFor();
  log('wrong token refused:', await page.textContent('#enrol-message'));
  expect401 = false;

  // the right token enrols the person from the photo
  await page.fill('#token', cfg.token);
  await page.click('#token-form button[type="submit"]');
  await page.locator('#token-state', { hasText: 'saved' }).waitFor();
  await page.locator('#live-status[data-state="live"]').waitFor();
  log('live event stream connected with the token');
  const started = Date.now();
  await page.click('#enrol-submit');
  await page.locator('#enrol-message', { hasText: 'Enrolled' }).waitFor();
  const enrolMessage = await page.textContent('#enrol-message');
  log(`enrolled in ${Date.now() - started} ms:`, enrolMessage);
  check(enrolMessage.includes(cfg.rejectedPhoto) && /no face/i.test(enrolMessage), `the photo without a face (${cfg.rejectedPhoto}) is listed with its reason`);
  const row = page.locator('#people tr', { hasText: cfg.name });
  await row.waitFor();
  const id = await row.getAttribute('data-identity-id');
  check(id && id.length > 0, `the people list shows ${cfg.name} (${id})`);
  await screenshot('enrolled');

  // the token stays for this tab's session
  await page.reload();
  check((await page.inputValue('#token')) === cfg.token, 'the token survives a reload (sessionStorage)');
  await page.locator('#live-status[data-state="live"]').waitFor();
  await row.waitFor();

  // the test plays a visit of this person; it arrives live
  step('enrolled', id);
  const entered = page.locator('#events li[data-type="ENTERED"]', { hasText: cfg.name }).first();
  await entered.waitFor();
  const text = await entered.textContent();
  check(text.includes(cfg.camera) && /\d+%/.test(text), `a live ENTERED event of ${cfg.name} at ${cfg.camera} with a similarity: "${text}"`);
  check(/~34 · female · happy/.test(text), `the event shows the visit's estimated age, gender and expression: "${text}"`);
  step('event-seen');

  // the chart counts the visit
  await page.waitForFunction((camera) => {
    const total = document.querySelector(`[data-testid="camera-total"][data-camera="${camera}"]`);
    return total && Number(total.dataset.entries) >= 1;
  }, cfg.camera, { timeout: WAIT });
  const bars = await page.locator(`svg[data-testid="footfall-chart"] rect.bar[data-camera="${cfg.camera}"]`).count();
  check(bars >= 1, `the chart has a bar for ${cfg.camera}`);
  check((await page.textContent('#totals')).includes(cfg.camera), 'the totals name the camera');
  await page.locator('#breakdown [data-key="25-34"]').waitFor({ timeout: WAIT });
  const breakdown = await page.textContent('#breakdown');
  check(/25-34\s*1/.test(breakdown) && /female\s*1/.test(breakdown), `the day's entries by age band and gender: "${breakdown}"`);
  await page.locator('#events li[data-type="LEFT"]', { hasText: cfg.name }).first().waitFor({ timeout: 10000 })
    .then(() => log('the visit ended: LEFT event shown'), () => log('no LEFT event yet'));
  await screenshot('event-and-chart');
  await page.setViewportSize({ width: 400, height: 860 });
  await page.waitForTimeout(400); // the chart redraws at the new width
  await screenshot('phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // deleting asks for confirmation, then the person is gone
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.locator('#people-message', { hasText: 'erased' }).waitFor();
  await row.waitFor({ state: 'detached' });
  check(await page.locator('#people tr', { hasText: cfg.name }).count() === 0, `${cfg.name} is no longer listed`);
  await screenshot('deleted');

  // a link carrying the token (as 'footfall demo' prints it) opens the page with it, and the token leaves the address
  const linked = await context.newPage();
  await linked.goto(cfg.url + '#token=' + encodeURIComponent(cfg.token));
  await linked.locator('#live-status[data-state="live"]').waitFor();
  check(!linked.url().includes('token'), `the token is removed from the address (${linked.url()})`);
  await linked.close();

  check(problems.length === 0, 'no page errors or console errors' + (problems.length ? ': ' + problems.join('; ') : ''));
  step('done');
  await browser.close();
} catch (e) {
  console.error('[browser] FAILED:', e.message);
  if (problems.length) console.error('[browser] page problems:', problems.join('; '));
  if (page) {
    try {
      console.error('[browser] enrol message:', await page.textContent('#enrol-message'));
      console.error('[browser] people message:', await page.textContent('#people-message'));
      await screenshot('failure');
    } catch (ignored) { /* the page is gone */ }
  }
  await browser.close();
  process.exit(1);
}
