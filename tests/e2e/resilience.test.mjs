// The extension keeps working and keeps its data: the engine restarts after a crash; profiles
// survive a worker restart, a browser restart and an extension update; stored data of every earlier
// storage version is migrated; a failed import or a quota error loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, reportOf, root, startSites } from './harness.mjs';

const NIKON = { version: 1, brands: [{ name: 'Nikon', aliases: ['Nikon Kids'], domains: ['nikon.nl'], audience: 'children', avoid: {}, block: ['crime: overval'], allow: ['fotoshoot'] }] };
const CRIME = 'XtODT3'; // IAB Content Taxonomy 3.1: Crime & Harmful Acts to Individuals and Society
const GAP = { version: 1, brands: [{ name: 'Gap', domains: ['gap.com'] }] };
const brandNames = (worker) => worker.evaluate(async () => (await globalThis.brandlens.profiles()).brands.map((b) => b.name));
const stored = (worker) => worker.evaluate(() => chrome.storage.local.get(null));

// Marks the running worker, so a fresh one (a restart) can be told from it.
const markWorker = (worker) => worker.evaluate(() => { globalThis.beforeRestart = true; });

// The extension's fresh service worker, once it answers. Playwright keeps the same Worker object
// across a stop and start of the same registration, so every listed worker is asked.
async function freshWorker(context) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    for (const w of context.serviceWorkers()) {
      try {
        if (await w.evaluate(() => !globalThis.beforeRestart && typeof globalThis.brandlens === 'object')) {
          await w.evaluate(() => globalThis.brandlens.judgeText('warm-up', 'en'));
          return w;
        }
      } catch (_) { /* starting, or gone */ }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no fresh service worker');
}

// Stops the extension's service worker (as Chromium does after 30 s idle) and waits for a fresh
// one, woken by a page load.
async function restartWorker(browser, url) {
  await markWorker(browser.worker);
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const versions = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: v }) => versions.push(...v));
  await cdp.send('ServiceWorker.enable');
  while (!versions.some((v) => v.scriptURL.startsWith('chrome-extension://'))) await new Promise((r) => setTimeout(r, 50));
  const { versionId } = versions.find((v) => v.scriptURL.startsWith('chrome-extension://'));
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  while (versions.at(-1).runningStatus !== 'stopped') await new Promise((r) => setTimeout(r, 50));
  await page.goto(url);
  const worker = await freshWorker(browser.context);
  await page.close();
  return worker;
}


test('a crashed engine is reported and restarted, and the next scan works', async () => {
  const sites = await startSites();
  const browser = await launchBrowser();
  try {
    const { worker } = browser;
    const before = await worker.evaluate(() => globalThis.brandlens.engineHealth());
    // Damage the running instance the way a wild pointer would: the next call traps in the wasm.
    await worker.evaluate(async () => { (await globalThis.brandlens.engine()).__wbg_ptr = 0x7ffffff0; });
    const findings = await worker.evaluate(() => globalThis.brandlens.judgeText('De politie onderzoekt een reeks zedenmisdrijven. De verdachte wordt beschuldigd van seksueel misbruik van minderjarigen.', 'nl'));
    const after = await worker.evaluate(() => globalThis.brandlens.engineHealth());
    assert.equal(after.crashes, before.crashes + 1);
    assert.equal(after.starts, before.starts + 1, 'a fresh engine was started');
    assert.match(after.lastCrash.message, /memory|unreachable|out of bounds/i);
    assert.ok(findings.length > 0, 'the work ran again on the fresh engine');
    // The compiled EasyList rules lived in the crashed instance: they are loaded into the fresh one.
    const selectors = await worker.evaluate(() => globalThis.brandlens.cosmeticSelectors('https://www.nu.nl/', ['adsbygoogle'], []));
    assert.ok(selectors.some((s) => s.includes('adsbygoogle')), 'EasyList still answers after the restart');
    const url = `${sites.origins.publisher}/zedenzaak.html`;
    const page = await browser.context.newPage();
    await page.goto(url);
    const report = await reportOf(worker, url, (r) => r.topics.length > 0);
    assert.equal(report.language, 'nl');
  } finally {
    await browser.close();
    await sites.close();
  }
});

test('an unreadable brand directory is logged, and pages are still judged', async () => {
  const extension = mkdtempSync(join(tmpdir(), 'brandlens-nodir-'));
  cpSync(join(root, 'dist', 'chrome'), extension, { recursive: true });
  writeFileSync(join(extension, 'data', 'brands', 'directory.dat'), 'not a directory');
  const sites = await startSites();
  const browser = await launchBrowser({ extension });
  try {
    const url = `${sites.origins.publisher}/zedenzaak.html`;
    const page = await browser.context.newPage();
    await page.goto(url);
    const report = await reportOf(browser.worker, url, (r) => r.topics.length > 0);
    assert.equal(report.language, 'nl');
    assert.equal((await browser.worker.evaluate(() => globalThis.brandlens.engineHealth())).starts, 1);
  } finally {
    await browser.close();
    await sites.close();
    rmSync(extension, { recursive: true, force: true });
  }
});

test('profiles and their keyword lists survive a worker restart', async () => {
  const sites = await startSites();
  const browser = await launchBrowser();
  try {
    await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
    const worker = await restartWorker(browser, `${sites.origins.publisher}/sport.html`);
    const profiles = await worker.evaluate(() => globalThis.brandlens.profiles());
    assert.deepEqual(profiles.brands.map((b) => [b.name, b.block, b.allow]), [['Nikon', ['crime: overval'], ['fotoshoot']]]);
    assert.equal(await worker.evaluate(() => globalThis.brandlens.storageVersion()), 1);
  } finally {
    await browser.close();
    await sites.close();
  }
});

// The browser stops an idle worker, and the worker forgets the pages it held; the page's port to it
// closes. A page that changes afterwards is read whole again and sent to the fresh worker, without
// anyone asking (extension/content/main.js, post): not an update the worker could not place.
test('a page that changes after the idle worker was stopped is read again whole and judged', async () => {
  const sites = await startSites();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const url = `${sites.origins.publisher}/late.html`;
    await page.goto(url);
    const before = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
    const worker = await restartWorker(browser, `${sites.origins.publisher}/sport.html`);
    await worker.evaluate(() => {
      globalThis.heard = [];
      chrome.runtime.onConnect.addListener((port) => port.onMessage.addListener((m) => {
        globalThis.heard.push({ type: m.type, blocks: (m.snapshot ?? m).blocks?.length });
      }));
    });
    await page.evaluate(() => window.fixture.addPost('Breaking: police say a man was stabbed to death outside the stadium.'));
    const deadline = Date.now() + 5000;
    let heard = [];
    while (!heard.some((m) => m.type === 'snapshot') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      heard = await worker.evaluate(() => globalThis.heard);
    }
    assert.deepEqual(heard, [{ type: 'snapshot', blocks: before.stats.blocks + 1 }], 'the whole page, with the new post');
    const after = await reportOf(worker, url, (r) => r.stats.blocks === before.stats.blocks + 1, 3000);
    const crime = (r) => r.topics.some((t) => t.id === CRIME);
    assert.ok(!crime(before) && crime(after), 'the post is judged');
    await page.close();
  } finally {
    await browser.close();
    await sites.close();
  }
});

// A browser restart: the same browser profile launched again. An update: the extension's files
// change on disk (a new version) and the browser starts with them, as after an update is installed.
// (chrome.runtime.reload() cannot stand in: Chromium unloads a command-line extension on reload.)
test('profiles survive a browser restart and an extension update', async () => {
  const extension = mkdtempSync(join(tmpdir(), 'brandlens-ext-'));
  cpSync(join(root, 'dist/chrome'), extension, { recursive: true });
  // A browser profile of the test's own: launchBrowser deletes the profiles it makes when closed.
  const profileDir = mkdtempSync(join(tmpdir(), 'brandlens-profile-'));
  let browser = await launchBrowser({ extension, profileDir });
  try {
    await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
    await browser.close();
    browser = await launchBrowser({ extension, profileDir });
    assert.deepEqual(await brandNames(browser.worker), ['Nikon'], 'after a browser restart');
    await browser.close();
    const manifestPath = join(extension, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '99.0.0' }));
    browser = await launchBrowser({ extension, profileDir });
    assert.equal(await browser.worker.evaluate(() => chrome.runtime.getManifest().version), '99.0.0');
    assert.deepEqual(await brandNames(browser.worker), ['Nikon'], 'after an update');
    assert.equal(await browser.worker.evaluate(() => globalThis.brandlens.storageVersion()), 1);
  } finally {
    await browser.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
  }
});

// Every earlier storage layout, as it was written, and what it must become.
const EARLIER_VERSIONS = [
  { name: 'version 0 (walking skeleton): a profile set, no version', stored: { profiles: NIKON }, brands: ['Nikon'] },
  { name: 'version 0 with nothing stored', stored: {}, brands: [] },
  { name: 'version 0 with an unreadable profiles value', stored: { profiles: 'garbage' }, brands: [], unreadable: 'garbage' },
  { name: 'version 1 (current)', stored: { storageVersion: 1, profiles: GAP }, brands: ['Gap'] },
];

// Migrations run at every worker start, before anything is read: a restart is what an update does
// to the worker.
test('stored data of every earlier version is migrated, and nothing is deleted', async () => {
  const sites = await startSites();
  const browser = await launchBrowser();
  try {
    let { worker } = browser;
    for (const { name, stored: layout, brands, unreadable } of EARLIER_VERSIONS) {
      await worker.evaluate(async (items) => { await chrome.storage.local.clear(); await chrome.storage.local.set(items); }, layout);
      worker = await restartWorker({ ...browser, worker }, `${sites.origins.publisher}/sport.html`);
      assert.deepEqual(await brandNames(worker), brands, name);
      const now = await stored(worker);
      assert.equal(now.storageVersion, 1, name);
      if (unreadable) assert.equal(now.unreadable.profiles.value, unreadable, `${name}: kept aside, not deleted`);
    }
  } finally {
    await browser.close();
    await sites.close();
  }
});

test('a failed import or a quota error loses nothing', async () => {
  const browser = await launchBrowser();
  try {
    const { worker } = browser;
    await worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
    const before = await stored(worker);

    const bad = await worker.evaluate(() => globalThis.brandlens.setProfile('{"brands":[{"name":""}]}').then(() => 'accepted', (e) => e.message));
    assert.match(bad, /name.*empty/);
    assert.deepEqual(await brandNames(worker), ['Nikon']);
    assert.deepEqual(await stored(worker), before);

    // A valid set larger than storage.local's 10 MB quota: the engine accepts it, storage refuses.
    const huge = await worker.evaluate(async (p) => {
      const big = { version: 1, brands: [{ ...p.brands[0], name: 'Huge', aliases: Array.from({ length: 120000 }, (_, i) => `alias number ${i} `.repeat(6)) }] };
      return globalThis.brandlens.setProfile(big).then(() => 'accepted', (e) => e.message);
    }, NIKON);
    assert.match(huge, /could not save .*quota.*unchanged/i);
    assert.deepEqual(await brandNames(worker), ['Nikon'], 'the engine went back to the stored set');
    assert.deepEqual(await stored(worker), before, 'storage is as it was');
  } finally {
    await browser.close();
  }
});
