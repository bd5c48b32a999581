// Trust boundaries, overlay isolation, privacy and least privilege (docs/privacy.md,
// docs/permissions.md). Message validation runs on the worker's own module in node; everything
// else in Chromium with the built extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, reportOf, root, serve, startSites } from './harness.mjs';
import { PNG } from './png.mjs';
import { LIMITS, frameInfo, fromOwnContentScript, limitSnapshot, validFrame, validSnapshot } from '../../extension/worker/messages.js';

const block = (over = {}) => ({ id: 0, text: 'Een zin.', role: 'body', rect: { x: 0, y: 0, w: 10, h: 10 }, lang: null, ...over });
const creative = (over = {}) => ({ clickUrls: [], altTexts: [], text: '', frameUrl: '', ...over });
const slot = (over = {}) => ({ id: 's', kind: 'gpt', rect: null, label: null, order: 0, frames: [], creative: creative(), ...over });
const snapshot = (over = {}) => ({ url: 'https://x.example/', title: 't', lang: 'nl', blocks: [block()], slots: [slot()], ...over });

test('messages of the wrong shape are refused', () => {
  const cases = [
    ['a valid snapshot', snapshot(), true],
    ['no url', snapshot({ url: undefined }), false],
    ['blocks not an array', snapshot({ blocks: {} }), false],
    ['an unknown role', snapshot({ blocks: [block({ role: 'verdict' })] }), false],
    ['a NaN rectangle', snapshot({ blocks: [block({ rect: { x: NaN, y: 0, w: 0, h: 0 } })] }), false],
    ['a negative block id', snapshot({ blocks: [block({ id: -1 })] }), false],
    ['text not a string', snapshot({ blocks: [block({ text: { toString: () => 'x' } })] }), false],
    ['a slot id that is a number', snapshot({ slots: [slot({ id: 5 })] }), false],
    ['click URLs not strings', snapshot({ slots: [slot({ creative: creative({ clickUrls: [{}] }) })] }), false],
    ['a forged report field', snapshot({ slots: [slot({ risk: 'none' })] }), true], // extra fields are dropped by limitSnapshot
    ['skipped notes of the wrong shape', snapshot({ skipped: [{ part: 1 }] }), false],
    ['an array', [], false],
    ['null', null, false],
  ];
  for (const [name, message, valid] of cases) assert.equal(validSnapshot(message), valid, name);
  assert.equal(validFrame({ name: 'f', url: 'https://a/', creative: creative() }), true);
  assert.equal(validFrame({ name: 7, creative: creative() }), false);
});

test('what a page controls is cut to the limits, the cut is reported, and extra fields never pass', () => {
  const huge = 'x'.repeat(LIMITS.textChars + 10);
  const limited = limitSnapshot(snapshot({
    url: 'u'.repeat(100000),
    blocks: [block({ text: huge, verdict: 'safe' })],
    slots: Array.from({ length: LIMITS.slots + 3 }, (_, i) => slot({ id: `s${i}`, risk: 'none', creative: creative({ clickUrls: Array(100).fill('https://a/') }) })),
  }));
  assert.equal(limited.url.length, LIMITS.string);
  assert.equal(limited.blocks[0].text.length, LIMITS.textChars);
  assert.equal(limited.blocks[0].verdict, undefined);
  assert.equal(limited.slots.length, LIMITS.slots);
  assert.equal(limited.slots[0].risk, undefined);
  assert.equal(limited.slots[0].creative.clickUrls.length, LIMITS.creativeItems);
  assert.deepEqual(limited.skipped.map((s) => s.reason), ['page text limit', 'slot limit']);
  const many = limitSnapshot(snapshot({ blocks: Array.from({ length: LIMITS.blocks + 1 }, (_, id) => block({ id })) }));
  assert.equal(many.blocks.length, LIMITS.blocks);
  assert.deepEqual(many.skipped.map((s) => s.reason), ['block limit']);
  const info = frameInfo({ name: 'n', url: 'https://a/', creative: creative({ text: 'y'.repeat(10000), evil: 1 }), tabId: 3 });
  assert.deepEqual(Object.keys(info).sort(), ['creative', 'name', 'url']);
  assert.equal(info.creative.text.length, LIMITS.creativeText);
  assert.equal(info.creative.evil, undefined);
});

test('only this extension\'s own content scripts in a tab are heard', () => {
  const own = 'abcdefghijklmnopabcdefghijklmnop';
  const cases = [
    ['own content script', { id: own, tab: { id: 4 }, frameId: 0, url: 'https://x/' }, true],
    ['another extension', { id: 'zzzz', tab: { id: 4 }, frameId: 0 }, false],
    ['no tab (an extension page or the worker)', { id: own, frameId: 0 }, false],
    ['a forged tab id', { id: own, tab: { id: '4' }, frameId: 0 }, false],
    ['no sender', undefined, false],
  ];
  for (const [name, sender, heard] of cases) assert.equal(fromOwnContentScript(sender, own), heard, name);
});

test('every manifest permission is justified in docs/permissions.md', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const doc = readFileSync(join(root, 'docs/permissions.md'), 'utf8');
  const entries = [...(manifest.permissions || []).map((p) => `permissions: ${p}`),
    ...(manifest.host_permissions || []).map((p) => `host_permissions: ${p}`),
    ...(manifest.optional_permissions || []).map((p) => `optional_permissions: ${p}`),
    ...(manifest.optional_host_permissions || []).map((p) => `optional_host_permissions: ${p}`)];
  for (const entry of entries) assert.ok(doc.includes(`\`${entry}\``), `${entry} is not justified in docs/permissions.md`);
  for (const broad of ['tabs', 'scripting', 'webRequest', 'cookies', 'history', 'unlimitedStorage', 'debugger']) {
    assert.ok(!(manifest.permissions || []).includes(broad), `${broad} is broader than BrandLens needs`);
  }
  assert.equal(manifest.externally_connectable, undefined, 'pages cannot message the extension');
  assert.equal(manifest.web_accessible_resources, undefined, 'pages cannot load or probe extension files');
});

let sites;
let hostile;
let browser;
let extensionId;
const netLog = join(mkdtempSync(join(tmpdir(), 'brandlens-netlog-')), 'net.json');
const pageRequests = [];

before(async () => {
  sites = await startSites();
  hostile = await serve(join(root, 'tests/e2e/fixtures/hostile'), '127.0.0.1', sites.origins, sites.requests);
  browser = await launchBrowser({ args: [`--log-net-log=${netLog}`, '--net-log-capture-mode=Everything'] });
  extensionId = new URL(browser.worker.url()).host;
  await browser.worker.evaluate(() => globalThis.brandlens.setProfile({ version: 1, brands: [{ name: 'Nikon', domains: ['nikon.nl'],
    audience: 'children', block: ['crime: seksueel misbruik van minderjarigen', 'geheimwoord'] }] }));
  browser.context.on('request', (r) => pageRequests.push({ url: r.url(), body: r.postData() || '' }));
});
after(async () => {
  await browser?.close();
  await sites?.close();
  await new Promise((r) => hostile?.close(r));
  rmSync(join(netLog, '..'), { recursive: true, force: true });
});

const hostileUrl = (name) => `http://127.0.0.1:${hostile.address().port}/${name}.html`;

test('page text with markup, script, CSS and Unicode tricks is shown as text; page CSS and scripts cannot hide, read or click the overlay', async () => {
  const page = await browser.context.newPage();
  const url = hostileUrl('overlay-tricks');
  await page.goto(url);
  const report = await reportOf(browser.worker, url, (r) => r.ads.some((a) => a.risk === 'high'));
  assert.ok(report.topics[0].evidence.some((e) => e.snippet.includes('<img src=x onerror=')), 'the markup is page text');
  await page.waitForFunction(() => document.querySelector('brandlens-overlay'));
  await page.waitForTimeout(300);

  // What the overlay holds, seen through CDP (which pierces closed shadow roots): text, no markup.
  const cdp = await browser.context.newCDPSession(page);
  const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const all = [];
  const visit = (n, inOverlay) => {
    const inside = inOverlay || n.nodeName === 'BRANDLENS-OVERLAY';
    if (inside) all.push(n);
    for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) visit(c, inside);
  };
  visit(doc, false);
  const tags = new Set(all.filter((n) => n.nodeType === 1).map((n) => n.nodeName));
  for (const forbidden of ['IMG', 'SCRIPT', 'STYLE', 'IFRAME']) assert.ok(!tags.has(forbidden), `${forbidden} inside the overlay`);
  const texts = all.filter((n) => n.nodeType === 3).map((n) => n.nodeValue).join(' ');
  assert.match(texts, /<img src=x onerror="window\.pwned=1">/, 'the markup is shown as text');
  assert.equal(all.find((n) => n.nodeName === 'BRANDLENS-OVERLAY').shadowRoots[0].shadowRootType, 'closed');

  // The page's style sheet tries every way to hide it; the outline is still drawn.
  const box = await page.locator('#div-gpt-ad-hostile').boundingBox();
  const png = await page.screenshot({ clip: { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 } });
  assert.ok(PNG.count(png, [0xd0, 0x02, 0x1b], 40) > 500, 'the red outline is visible despite the page CSS');

  // Page scripts: no shadow root, no overlay text, no clicks reach anything, no markup ran.
  const probe = await page.evaluate(() => window.probe());
  assert.equal(probe.host, true);
  assert.equal(probe.shadowRoot, null);
  assert.ok(!probe.pageText.includes('High risk') && !probe.hostText.includes('risk'), 'the page cannot read the badge');
  assert.equal(probe.attached, false, 'the page cannot attach its own shadow root');
  assert.equal(probe.pwned, null);
  assert.equal(await page.evaluate(() => typeof globalThis.chrome?.runtime?.sendMessage), 'undefined', 'pages cannot message the extension');
  const after = await reportOf(browser.worker, url);
  assert.equal(after.ads[0].risk, 'high', 'clicks on the overlay change nothing');
  await page.close();
});

test('the extension sends nothing: no request carries page content, profiles or history', async () => {
  const urls = [`${sites.origins.publisher}/zedenzaak.html`, hostileUrl('iframes-100'), hostileUrl('postmessage-flood')];
  for (const url of urls) {
    const page = await browser.context.newPage();
    await page.goto(url);
    await reportOf(browser.worker, url, (r) => r.ads.length > 0, 20000);
    await page.waitForTimeout(500);
    await page.close();
  }
  await browser.close();
  browser = null;

  const log = JSON.parse(readFileSync(netLog, 'utf8').replace(/,\s*$/, ']}'));
  const types = Object.fromEntries(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const requests = log.events.filter((e) => types[e.type] === 'URL_REQUEST_START_JOB' && e.params?.url)
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator || '' }));
  assert.ok(requests.length > 0, 'the network log recorded the pages\' requests');
  const fixtureHosts = new Set([new URL(sites.origins.publisher).host, new URL(sites.origins.ad).host, `127.0.0.1:${hostile.address().port}`]);
  const own = `chrome-extension://${extensionId}`;
  for (const { url, initiator } of requests) {
    const { protocol, host } = new URL(url);
    if (protocol === 'chrome-extension:') continue; // the extension loading its own files
    assert.ok(!initiator.startsWith(own), `the extension requested ${url}`);
    // Requests without an initiating origin (none, or "not an origin") are the browser's own (its updater, for one), not a page's or the extension's.
    if (/^[a-z-]+:\/\//.test(initiator) && ['http:', 'https:', 'ws:', 'wss:'].includes(protocol)) {
      assert.ok(fixtureHosts.has(host), `a request left the test sites: ${url} (from ${initiator})`);
    }
  }
  // What the servers saw and what the pages sent: only fixture files, nothing of page text or profiles.
  for (const { url, body } of [...sites.requests, ...pageRequests.map((r) => ({ url: r.url, body: r.body }))]) {
    for (const secret of ['misbruik', 'geheimwoord', 'minderjarigen']) {
      assert.ok(!decodeURIComponent(url).includes(secret) && !(body || '').includes(secret), `${url} carries "${secret}"`);
    }
  }
});
