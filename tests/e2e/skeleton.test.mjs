// The founding case, end to end in Chromium: a children's camera campaign (a cross-origin GPT
// creative, nested two frames deep) inside a Dutch article about sex crimes, on a page whose CSP
// forbids WebAssembly and inline styles. The same ad beside a sports article gets no warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv/dist/2020.js';
import { launchBrowser, reportOf, root, screenshotPath, startSites } from './harness.mjs';

const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'docs/report.schema.json'), 'utf8')));
function assertValidReport(report) {
  assert.ok(validateReport(report), `report does not match docs/report.schema.json: ${JSON.stringify(validateReport.errors)}`);
}

const NIKON = { version: 1, brands: [{ name: 'Nikon', aliases: ['Nikon Kids'], domains: ['nikon.nl'], audience: 'children', avoid: {} }] };
const CRIME = 'XtODT3';

let sites;
let browser;
before(async () => {
  sites = await startSites();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sites?.close();
});

const hasAdvertiser = (r) => r.ads.length > 0 && r.ads.every((a) => a.advertiser.domain);

// Counts pixels of the overlay's colour inside the slot's outline.
async function outlinePixels(page, selector, colour) {
  const box = await page.locator(selector).boundingBox();
  const png = await page.screenshot({ clip: { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 } });
  const { PNG } = await import('./png.mjs');
  return PNG.count(png, colour, 40);
}

test('kids camera ad beside a Dutch sex-crime article is flagged high, with evidence', async () => {
  await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = `${sites.origins.publisher}/zedenzaak.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, hasAdvertiser);

  assertValidReport(report);
  assert.equal(report.language, 'nl');
  const crime = report.topics.find((t) => t.id === CRIME);
  assert.ok(crime, `crime topic expected, got ${JSON.stringify(report.topics.map((t) => t.id))}`);
  assert.equal(crime.tier, 'high');
  const terms = crime.evidence.map((e) => e.term.toLowerCase());
  assert.ok(terms.includes('zedenmisdrijven'), `evidence terms: ${terms}`);
  assert.ok(terms.includes('seksueel misbruik van minderjarigen'), `evidence terms: ${terms}`);
  const abuse = crime.evidence.find((e) => e.term === 'seksueel misbruik van minderjarigen');
  assert.match(abuse.snippet, /^Volgens het Openbaar Ministerie gaat het om seksueel misbruik van minderjarigen/);
  assert.match(abuse.rule, /^nl\/crime\.txt:\d+$/);

  assert.equal(report.ads.length, 1);
  const [ad] = report.ads;
  assert.equal(ad.id, 'div-gpt-ad-1700000000000-0');
  assert.equal(ad.kind, 'gpt');
  assert.equal(ad.label, 'Advertentie');
  assert.deepEqual([ad.advertiser.brand, ad.advertiser.domain, ad.advertiser.source], ['Nikon', 'nikon.nl', 'profile-domain']);
  assert.equal(ad.profile, 'Nikon');
  assert.equal(ad.risk, 'high');
  assert.ok(ad.topics.some((t) => t.id === CRIME && t.warns));
  assert.match(ad.reasons.join('\n'), /Crime & Harmful Acts is high on this page \(Nikon warns from medium: children's audience\)/);

  // The overlay: a red outline around the slot, and nothing the page's scripts can reach.
  await page.waitForFunction(() => document.querySelector('brandlens-overlay'));
  await page.waitForTimeout(200);
  const red = await outlinePixels(page, '#div-gpt-ad-1700000000000-0', [0xd0, 0x02, 0x1b]);
  assert.ok(red > 500, `red outline pixels: ${red}`);
  assert.equal(await page.evaluate(() => document.querySelector('brandlens-overlay').shadowRoot), null, 'closed shadow root');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('brandlens-overlay')).pointerEvents), 'none');
  await page.screenshot({ path: screenshotPath('zedenzaak-nikon-kids'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the badge names the risk, the advertiser and the topic, as text a screen reader reads', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/zedenzaak.html`;
  await page.goto(url);
  await reportOf(browser.worker, url, hasAdvertiser);
  await page.waitForFunction(() => document.querySelector('brandlens-overlay'));
  // The overlay's shadow root is closed to the page, but not to the accessibility tree.
  const cdp = await page.context().newCDPSession(page);
  let names = [];
  let descriptions = [];
  for (let i = 0; i < 20 && !names.some((n) => n.includes('beside')); i++) {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    names = nodes.map((n) => n.name?.value || '').filter(Boolean);
    descriptions = nodes.filter((n) => n.role?.value === 'note').map((n) => n.description?.value || '');
    await page.waitForTimeout(100);
  }
  assert.ok(names.some((n) => n.includes('High risk · Nikon beside Crime & Harmful Acts')), `names: ${names.filter((n) => n.includes('risk'))}`);
  // The evidence is in the card, which a screen reader reads as the badge's description.
  assert.ok(descriptions.some((n) => n.includes('“zedenmisdrijven”')), `evidence term in the badge's description: ${descriptions}`);
  await page.close();
});

test('the CLI judges the saved page the same as the browser', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/zedenzaak.html`;
  await page.goto(url);
  const inBrowser = await reportOf(browser.worker, url, hasAdvertiser);
  const cli = JSON.parse(execFileSync(join(root, 'target/release/brandlens'), ['scan', 'tests/e2e/fixtures/publisher/zedenzaak.html',
    '--url', url, '--profile', 'tests/fixtures/profiles/nikon-kids.json'], { cwd: root, encoding: 'utf8' }));
  assertValidReport(cli);
  const topics = (r) => r.topics.map((t) => ({ id: t.id, tier: t.tier, score: t.score, evidence: t.evidence.map((e) => [e.term, e.snippet, e.rule]) }));
  assert.deepEqual(topics(cli), topics(inBrowser));
  assert.equal(cli.language, inBrowser.language);
  assert.deepEqual(cli.ads.map((a) => [a.id, a.kind, a.label]), inBrowser.ads.map((a) => [a.id, a.kind, a.label]));
  await page.close();
});

test('the same ad beside a sports article gets no warning', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/sport.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, hasAdvertiser);
  assertValidReport(report);
  assert.equal(report.language, 'nl');
  assert.deepEqual(report.topics.map((t) => `${t.id}:${t.tier}`), []);
  assert.equal(report.ads.length, 1);
  assert.equal(report.ads[0].advertiser.brand, 'Nikon');
  assert.ok(['none', 'low'].includes(report.ads[0].risk), `risk ${report.ads[0].risk}`);
  await page.waitForTimeout(300);
  const red = await outlinePixels(page, '#div-gpt-ad-1700000000000-0', [0xd0, 0x02, 0x1b]);
  assert.equal(red, 0, 'no outline');
  await page.screenshot({ path: screenshotPath('sport-nikon-kids'), fullPage: true });
  await page.close();
});

test('without a profile the advertiser comes from the landing domain and high content still warns', async () => {
  await browser.worker.evaluate(() => globalThis.brandlens.setProfile({ version: 1, brands: [] }));
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/zedenzaak.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, hasAdvertiser);
  const [ad] = report.ads;
  assert.deepEqual([ad.advertiser.brand, ad.advertiser.domain, ad.advertiser.source], ['Nikon', 'nikon.nl', 'landing-domain']);
  assert.equal(ad.risk, 'high');
  await page.close();
});

test('a malformed profile is refused with a clear message and the stored one stays', async () => {
  await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
  const message = await browser.worker.evaluate(() =>
    globalThis.brandlens.setProfile({ brands: [{ name: 'X', avoid: { nope: 'high' } }] }).then(() => 'accepted', (e) => e.message));
  assert.match(message, /brand "X": "avoid" names unknown topic "nope"/);
  const kept = await browser.worker.evaluate(() => globalThis.brandlens.profiles());
  assert.equal(kept.brands[0].name, 'Nikon');
});
