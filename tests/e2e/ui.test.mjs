// The reviewer's workbench in Chromium: the popup, side panel and options page opened as pages
// (chrome-extension://<id>/...), driven as a reviewer would (import a profile, filter, click to
// scroll, export), checked with axe-core, and photographed in English and Dutch (test-output/e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, reportOf, root, screenshotPath, startSites, tabIdOf } from './harness.mjs';
import { PNG } from './png.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SLOT = 'div-gpt-ad-1700000000000-0';
const NIKON = {
  version: 1,
  brands: [{ name: 'Nikon', aliases: ['Nikon Kids'], domains: ['nikon.nl'], audience: 'children', avoid: { XtODT3: 'medium' },
    // The brand's own block term makes the page's crime topic high for Nikon, whatever the lexicons' tier.
    block: ['crime: zedenmisdrijven'], allow: ['fotoshoot'], caseSensitive: false, products: ['Coolpix'], campaigns: ['Kids camera'],
    accounts: ['@nikon_nl'], competence: 'high', relationship: 'strong' }],
};
const MALFORMED = { version: 1, brands: [{ name: 'X', avoid: { nope: 'high' } }] };
const hasAdvertiser = (r) => r.ads.length > 0 && r.ads.every((a) => a.advertiser.domain);

let sites;
before(async () => {
  sites = await startSites();
});
after(async () => {
  await sites?.close();
});

const extensionId = (worker) => new URL(worker.url()).host;

// Opens an extension page in a window of its own, so the article stays the visible tab of its window.
async function openSurface(browser, path, tabId) {
  const url = `chrome-extension://${extensionId(browser.worker)}/${path}${tabId ? `?tab=${tabId}` : ''}`;
  const [page] = await Promise.all([
    browser.context.waitForEvent('page'),
    browser.worker.evaluate((u) => chrome.windows.create({ url: u, width: 900, height: 1000 }), url),
  ]);
  await page.waitForLoadState();
  await page.waitForFunction(() => document.documentElement.lang !== '' && document.title !== 'BrandLens');
  return page;
}

async function assertAccessible(page, surface) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(problems, [], `axe-core violations on the ${surface}`);
}

async function openArticle(browser, viewport) {
  await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const url = `${sites.origins.publisher}/zedenzaak.html`;
  await page.goto(url);
  await reportOf(browser.worker, url, (r) => hasAdvertiser(r) && r.ads[0].profile === 'Nikon');
  await page.waitForFunction(() => document.querySelector('brandlens-overlay'));
  return { page, url, tabId: await tabIdOf(browser.worker, url) };
}

async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), body: readFileSync(await download.path()) };
}

for (const { lang, locale, words } of [
  { lang: 'en', locale: 'en-US', words: { options: 'Brand profiles', popup: 'This page', panel: 'Full report', high: 'High risk', refused: 'Import refused' } },
  { lang: 'nl', locale: 'nl-NL', words: { options: 'Merkprofielen', popup: 'Deze pagina', panel: 'Volledig rapport', high: 'Hoog risico', refused: 'Import geweigerd' } },
]) {
  test(`the workbench in ${lang}: options, popup, side panel, exports and history`, async (t) => {
    const browser = await launchBrowser({ locale });
    t.after(() => browser.close());
    await browser.worker.evaluate(() => globalThis.brandlens.setProfile({ version: 1, brands: [] }));

    await t.test('options: import a profile, refuse a malformed one, edit the keyword lists', async () => {
      const options = await openSurface(browser, 'options/options.html');
      if (lang !== 'en') {
        // Debian's Chromium ships only its en-US interface, so chrome.i18n answers in English here:
        // the other language is chosen on the options page, as a reviewer would.
        await options.selectOption('#language', lang);
        await options.click('#save-settings');
        await options.waitForFunction((l) => document.documentElement.lang === l && document.body.dataset.ready === 'true', lang);
      }
      assert.equal(await options.evaluate(() => document.documentElement.lang), lang);
      assert.equal(await options.locator('#profiles-heading').textContent(), words.options);
      await options.setInputFiles('#import-file', { name: 'nikon.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NIKON)) });
      await options.waitForFunction(() => document.querySelector('#brand-list').options.length === 1);
      assert.equal(await options.inputValue('#f-name'), 'Nikon');
      assert.equal(await options.inputValue('#f-aliases'), 'Nikon Kids');
      assert.equal(await options.inputValue('#f-audience'), 'children');
      assert.equal(await options.inputValue('#avoid-XtODT3'), 'medium');
      assert.equal(await options.inputValue('#f-block'), 'crime: zedenmisdrijven');

      await options.setInputFiles('#import-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(MALFORMED)) });
      await options.waitForFunction(() => document.querySelector('#status.error'));
      const refusal = await options.locator('#status').textContent();
      assert.ok(refusal.startsWith(words.refused), refusal);
      assert.match(refusal, /brand "X": "avoid" names unknown topic "nope"/);
      assert.equal((await browser.worker.evaluate(() => globalThis.brandlens.profiles())).brands[0].name, 'Nikon', 'profiles untouched');

      await options.fill('#f-block', 'crime: zedenmisdrijven\nschietpartij');
      await options.click('#save-profiles');
      await options.waitForFunction(() => !document.querySelector('#status.error') && /2|1/.test(document.querySelector('#status').textContent));
      const saved = await browser.worker.evaluate(() => globalThis.brandlens.profiles());
      assert.deepEqual(saved.brands[0].block, ['crime: zedenmisdrijven', 'schietpartij']);
      assert.deepEqual(saved.brands[0].aliases, ['Nikon Kids']);

      const exported = await downloaded(options, () => options.click('#export-profiles'));
      assert.equal(JSON.parse(exported.body).brands[0].name, 'Nikon');
      await assertAccessible(options, 'options page');
      await options.screenshot({ path: screenshotPath(`ui-options-${lang}`), fullPage: true });
      await options.close();
    });

    await t.test('toolbar badge and popup summary', async () => {
      const { page, tabId } = await openArticle(browser);
      await page.bringToFront();
      assert.equal(await browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), '1');
      const popup = await openSurface(browser, 'popup/popup.html', tabId);
      await popup.waitForFunction(() => document.querySelector('#placements li'));
      assert.equal(await popup.locator('h1').textContent(), words.popup);
      const placement = await popup.locator('#placements li').first().textContent();
      assert.ok(placement.includes(words.high) && placement.includes('Nikon'), placement);
      await assertAccessible(popup, 'popup');
      await popup.screenshot({ path: screenshotPath(`ui-popup-${lang}`), fullPage: true });

      // Hiding the overlay on this page, then showing it again.
      await popup.click('#toggle-overlay');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('brandlens-overlay')).display === 'none');
      assert.equal(await popup.getAttribute('#toggle-overlay', 'aria-pressed'), 'true');
      await popup.click('#toggle-overlay');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('brandlens-overlay')).display === 'block');
      // Hiding it on the whole site, which the options page lists; then showing it again.
      await popup.check('#hide-site');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('brandlens-overlay')).display === 'none');
      const { settings } = await browser.worker.evaluate(() => chrome.storage.local.get('settings'));
      assert.deepEqual(settings.hiddenSites, ['127.0.0.1']);
      await popup.uncheck('#hide-site');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('brandlens-overlay')).display === 'block');
      await popup.close();
      await page.close();
    });

    await t.test('overlay card: evidence, the rule that applied, and a way to the full report', async () => {
      const { page, tabId } = await openArticle(browser);
      await page.bringToFront();
      const cdp = await page.context().newCDPSession(page);
      // The card is out of sight until wanted; a screen reader reads it as the badge's description.
      let descriptions = [];
      for (let i = 0; i < 20 && !descriptions.some((n) => n.includes('Nikon warns from')); i++) {
        const { nodes } = await cdp.send('Accessibility.getFullAXTree');
        descriptions = nodes.filter((n) => n.role?.value === 'note').map((n) => n.description?.value || '');
        await page.waitForTimeout(100);
      }
      assert.ok(descriptions.some((n) => n.includes('Nikon warns from')),
        `the rule that applied is in the badge's description: ${JSON.stringify(descriptions)}`);
      // Keyboard: the overlay comes last in the page's tab order, so Shift+Tab from the top reaches
      // the badge, which opens its card; Tab then reaches the card's button (see the screenshot).
      await page.keyboard.press('Shift+Tab');
      await page.waitForTimeout(100);
      await page.keyboard.press('Tab');
      await page.waitForTimeout(100);
      await page.screenshot({ path: screenshotPath(`ui-overlay-card-${lang}`) });
      await page.keyboard.press('Enter');
      // The side panel opens (the key press is the user's gesture); without one it would open as a tab.
      const opened = async () => browser.worker.evaluate(async (id) => {
        const panels = await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] });
        const tabs = await chrome.tabs.query({ url: chrome.runtime.getURL('sidepanel/sidepanel.html') + '*' });
        return panels.length + tabs.filter((t) => t.url.endsWith(`?tab=${id}`)).length;
      }, tabId);
      for (let i = 0; i < 50 && !(await opened()); i++) await page.waitForTimeout(100);
      assert.ok(await opened(), 'the full report opened');
      await page.close();
    });

    await t.test('side panel: brand mentions, highlighted in the page on request', async () => {
      const withMention = { version: 1, brands: [...NIKON.brands, { name: 'Openbaar Ministerie' }] };
      const { page, url, tabId } = await openArticle(browser);
      await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), withMention);
      await reportOf(browser.worker, url, (r) => r.mentions.length > 0);
      await page.bringToFront();
      const panel = await openSurface(browser, 'sidepanel/sidepanel.html', tabId);
      await panel.waitForFunction(() => document.body.dataset.ready === 'true');
      assert.equal(await panel.locator('#mentions article').count(), 1);
      assert.match(await panel.locator('#mentions article').textContent(), /Openbaar Ministerie.*Volgens het Openbaar Ministerie/s);
      await panel.click('#highlight');
      await panel.waitForFunction(() => document.querySelector('#status').textContent !== '');
      assert.match(await panel.locator('#status').textContent(), /1/);
      assert.equal(await panel.getAttribute('#highlight', 'aria-pressed'), 'true');
      const marked = await page.screenshot({ path: screenshotPath(`ui-mentions-highlighted-${lang}`) });
      assert.ok(PNG.count(marked, [0xff, 0xf1, 0xa6], 10) > 300, 'the mention is marked in the page');
      await panel.selectOption('#filter-brand', 'Nikon');
      assert.equal(await panel.locator('#mentions article').count(), 0);
      await panel.close();
      await page.close();
    });

    await t.test('side panel: filter, click to scroll, evidence export, history', async () => {
      await browser.worker.evaluate(() => chrome.storage.local.remove('history'));
      const { page, url, tabId } = await openArticle(browser, { width: 1000, height: 360 });
      await page.bringToFront();
      // Room below the article, so the slot can be scrolled out of sight.
      await page.evaluate(() => {
        document.body.style.paddingBottom = '2000px';
        scrollTo(0, document.documentElement.scrollHeight);
      });
      const panel = await openSurface(browser, 'sidepanel/sidepanel.html', tabId);
      await panel.waitForFunction(() => document.body.dataset.ready === 'true');
      assert.equal(await panel.locator('h1').textContent(), words.panel);
      assert.equal(await panel.locator('#ads article').count(), 1);

      await panel.selectOption('#filter-risk', 'low');
      assert.equal(await panel.locator('#ads article').count(), 0);
      await panel.selectOption('#filter-risk', 'high');
      await panel.selectOption('#filter-topic', 'XtODT3');
      await panel.selectOption('#filter-brand', 'Nikon');
      assert.equal(await panel.locator('#ads article').count(), 1);
      assert.equal(await panel.locator('#topics article').count(), 1);
      assert.match(await panel.locator('#topics').textContent(), /zedenmisdrijven/);

      // Click to scroll: the slot, scrolled out of sight, comes into view.
      const inView = () => page.evaluate((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      }, SLOT);
      assert.equal(await inView(), false, 'slot starts out of view');
      await panel.click(`button[data-slot="${SLOT}"]`);
      await page.waitForFunction((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      }, SLOT);

      const json = await downloaded(panel, () => panel.click('#export-json'));
      const report = JSON.parse(json.body);
      assert.equal(report.url, url);
      assert.equal(report.ads[0].risk, 'high');
      const csv = (await downloaded(panel, () => panel.click('#export-csv'))).body.toString('utf8');
      assert.match(csv.split('\r\n')[0], /^"record","url","ad_id","advertiser"/);
      assert.ok(csv.includes(`"ad","${url}","${SLOT}","Nikon","nikon.nl","Nikon","high"`), csv.slice(0, 600));
      assert.ok(csv.includes('"evidence"') && csv.includes('zedenmisdrijven'));

      const shot = await downloaded(panel, () => panel.click('#export-shot'));
      assert.match(shot.name, /\.png$/);
      const { width, height } = PNG.decode(shot.body);
      assert.ok(width >= 1000 && height > 360, `screenshot ${width}x${height}`);
      assert.ok(PNG.count(shot.body, [0xd0, 0x02, 0x1b], 40) > 300, 'the overlay is drawn in the screenshot');
      assert.ok(PNG.count(shot.body, [0x1a, 0x1a, 0x1a], 2) > width * 40, 'the header is drawn');
      writeFileSync(screenshotPath(`ui-evidence-screenshot-${lang}`), shot.body);

      // The site history: this site, its pages and its share of risky pages; exported, then cleared.
      await panel.waitForFunction(() => document.querySelector('#history tbody tr'));
      const row = await panel.locator('#history tbody tr').first().textContent();
      assert.ok(row.includes('127.0.0.1') && row.includes('100%') && row.includes('Nikon'),
        `${row} ${JSON.stringify(await browser.worker.evaluate(() => chrome.storage.local.get('history')))}`);
      await assertAccessible(panel, 'side panel');
      await panel.screenshot({ path: screenshotPath(`ui-sidepanel-${lang}`), fullPage: true });
      const history = JSON.parse((await downloaded(panel, () => panel.click('#history-json'))).body);
      assert.ok(history.some((e) => e.url === url && e.ads[0].risk === 'high'));
      const historyCsv = (await downloaded(panel, () => panel.click('#history-csv'))).body.toString('utf8');
      assert.ok(historyCsv.includes(url));
      await panel.click('#history-clear');
      await panel.waitForFunction(() => !document.querySelector('#history table'));
      assert.deepEqual(await browser.worker.evaluate(async () => (await chrome.storage.local.get('history')).history), undefined);
      await panel.close();
      await page.close();
    });
  });
}

test('the Firefox build passes web-ext lint without errors', () => {
  const firefox = join(root, 'dist', 'firefox');
  const bin = join(root, 'node_modules', '.bin', 'web-ext');
  let out;
  try {
    out = execFileSync(bin, ['lint', '--source-dir', firefox, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', cwd: root });
  } catch (e) {
    out = e.stdout; // web-ext exits non-zero when it finds errors; its report is still on stdout
  }
  const lint = JSON.parse(out);
  const errors = lint.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`);
  assert.deepEqual(errors, [], 'web-ext lint errors');
  assert.equal(lint.summary.errors, 0);
});
