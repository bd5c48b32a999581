// Ad placements end to end in Chromium: every kind of slot on one strict-CSP page, advertisers
// read inside nested cross-origin creatives, a page without ads, and slots and content that
// arrive late (judged within a second, without reading the page again).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, reportOf, root, screenshotPath, startSites } from './harness.mjs';

let sites;
let browser;
before(async () => {
  sites = await startSites();
  browser = await launchBrowser();
  await browser.worker.evaluate(() => globalThis.brandlens.setProfile({ version: 1, brands: [] }));
});
after(async () => {
  await browser?.close();
  await sites?.close();
});

const byId = (report) => Object.fromEntries(report.ads.map((a) => [a.id, a]));

test('every kind of slot is found on a strict-CSP page, each with its advertiser and source', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = `${sites.origins.publisher}/slots.html`;
  await page.goto(url);
  const gpt = 'div-gpt-ad-1700000000001-0';
  const report = await reportOf(browser.worker, url, (r) => byId(r)[gpt]?.advertiser.brand && r.ads.some((a) => a.kind === 'prebid' && a.advertiser.domain));
  const ads = byId(report);
  const kinds = report.ads.map((a) => a.kind).sort();
  assert.deepEqual(kinds, ['adsense', 'amazon', 'easylist', 'gpt', 'gpt', 'label', 'outbrain', 'prebid', 'taboola'], JSON.stringify(report.ads.map((a) => [a.id, a.kind])));
  // Advertisers, read inside the creative (two cross-origin frames deep for GPT) or the slot.
  const who = (a) => [a.advertiser.brand, a.advertiser.domain, a.advertiser.source];
  assert.deepEqual(who(ads[gpt]), ['Albert Heijn', 'albertheijn.nl', 'directory-domain']);
  assert.equal(ads[gpt].label, 'Advertisement');
  assert.equal(ads[gpt].advertiser.wikidata, 'Q1653985');
  const of = (kind) => report.ads.find((a) => a.kind === kind);
  const cases = [
    ['adsense', 'lego.com', 'directory-domain'],
    ['prebid', 'runfast-shoes.example', 'landing-domain'],
    ['amazon', 'amazon.com', 'directory-domain'],
    ['taboola', 'booking.com', 'directory-domain'],
    ['outbrain', 'zalando.nl', 'landing-domain'],
    ['label', 'albertheijn.nl', 'directory-domain'],
    ['easylist', 'decathlon.nl', 'directory-domain'],
  ];
  for (const [kind, domain, source] of cases) {
    const ad = of(kind);
    assert.deepEqual([ad.advertiser.domain, ad.advertiser.source], [domain, source], `${kind}: ${JSON.stringify(ad.advertiser)}`);
    assert.ok(ad.advertiser.confidence > 0 && ad.advertiser.confidence <= 1);
  }
  assert.equal(of('taboola').label, 'Sponsored');
  assert.equal(of('label').label, 'Gesponsord');
  // The page marked this slot aria-hidden: it is still an ad on the page.
  assert.ok(ads['div-gpt-ad-1700000000001-1'], 'a slot the page hides from assistive tech is still found');
  // Adjacency: the blocks beside a slot on screen and in the document.
  assert.ok(ads[gpt].beside.length > 0 && ads[gpt].besideInDom.length > 0);
  const info = await browser.worker.evaluate(() => globalThis.brandlens.filters());
  assert.ok(info.loaded, JSON.stringify(info));
  // A later worker start finds the compiled rules in Cache Storage and only deserializes them.
  const again = await browser.worker.evaluate(() => globalThis.brandlens.reloadFilters());
  assert.equal(again.from, 'cache');
  console.log(`# EasyList + EasyList Dutch: first start (${info.from}) ${info.loadMs.toFixed(0)} ms incl. reading the wasm (and any cached rules) ${info.initMs.toFixed(0)} ms; ` +
    `from cache ${again.loadMs.toFixed(1)} ms; ${again.bytes} bytes compiled`);
  await page.screenshot({ path: screenshotPath('ads-every-slot-kind'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page without ads reports none', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/plain.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
  assert.deepEqual(report.ads, []);
  assert.equal(report.stats.slots, 0);
  await page.close();
});

test('late slots and live posts are picked up and judged within a second', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/late.html`;
  await page.goto(url);
  const first = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
  assert.deepEqual(first.ads, []);
  const blocksBefore = first.stats.blocks;

  const started = Date.now();
  await page.evaluate(() => window.fixture.addSlot('div-gpt-ad-late-1', 'nikon-kids'));
  const withSlot = await reportOf(browser.worker, url, (r) => r.ads.some((a) => a.id === 'div-gpt-ad-late-1'), 3000);
  const slotMs = Date.now() - started;
  assert.ok(slotMs < 1000, `late slot judged after ${slotMs} ms`);
  // Its creative arrives through the late iframe, nested two frames deep.
  const judged = await reportOf(browser.worker, url, (r) => r.ads.some((a) => a.advertiser.domain === 'nikon.nl'), 5000);
  assert.equal(judged.ads[0].advertiser.brand, 'Nikon');

  const postStarted = Date.now();
  await page.evaluate(() => window.fixture.addPost('Breaking: police say a man was stabbed to death outside the stadium; the suspect fled and a murder investigation has begun.'));
  const updated = await reportOf(browser.worker, url, (r) => r.stats.blocks === blocksBefore + 1, 3000);
  const postMs = Date.now() - postStarted;
  assert.ok(postMs < 1000, `live post judged after ${postMs} ms`);
  // Only the new post was read: the earlier blocks keep their ids and texts.
  assert.equal(updated.stats.blocks, blocksBefore + 1);
  console.log(`# late slot judged after ${slotMs} ms, live post after ${postMs} ms`);
  await page.close();
});

// The overlay's slot boxes through CDP (which pierces the closed shadow root): slot id -> node.
async function overlayBoxes(page) {
  const cdp = await browser.context.newCDPSession(page);
  const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  await cdp.detach();
  const boxes = new Map();
  const visit = (n) => {
    const attrs = n.attributes || [];
    const slot = attrs[attrs.indexOf('data-slot') + 1];
    if (attrs.includes('data-slot')) boxes.set(slot, n.backendNodeId);
    for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) visit(c);
  };
  visit(doc);
  return boxes;
}

test('a slot added after an unsafe post is outlined beside it; a change that changes nothing drawn costs the page nothing', async () => {
  // Counts the worker's judgements of whole pages and the findings it sends the page's overlay.
  await browser.worker.evaluate(async () => {
    globalThis.wholeScans = 0;
    const engine = await globalThis.brandlens.engine();
    const scan = Object.getPrototypeOf(engine).scan;
    engine.scan = function counted(...args) {
      globalThis.wholeScans += 1;
      return scan.apply(this, args);
    };
    globalThis.findingsSent = 0;
    const send = chrome.tabs.sendMessage;
    chrome.tabs.sendMessage = function counted(tabId, message, ...rest) {
      if (message?.type === 'findings') globalThis.findingsSent += 1;
      return send.call(this, tabId, message, ...rest);
    };
  });
  const findingsSent = () => browser.worker.evaluate(() => globalThis.findingsSent);
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/late.html`;
  await page.goto(url);
  const first = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
  await page.evaluate(() => window.fixture.addPost('Breaking: police say a man was stabbed to death outside the stadium; the suspect fled and a murder investigation has begun.'));
  const withPost = await reportOf(browser.worker, url, (r) => r.stats.blocks === first.stats.blocks + 1, 3000);
  const post = Math.max(...withPost.topics.flatMap((t) => t.evidence.map((e) => e.block)));

  await page.evaluate(() => window.fixture.addSlot('div-gpt-ad-late-2', 'nikon-kids'));
  const outlined = (r) => r.ads.some((a) => a.id === 'div-gpt-ad-late-2' && a.advertiser.domain === 'nikon.nl' && ['floor', 'high'].includes(a.risk));
  const report = await reportOf(browser.worker, url, outlined, 5000);
  const ad = report.ads.find((a) => a.id === 'div-gpt-ad-late-2');
  assert.ok(ad.beside.includes(post) || ad.besideInDom.includes(post), `the post (block ${post}) stands beside the ad: ${ad.beside}`);
  assert.ok(ad.topics.some((t) => t.warns && t.beside), JSON.stringify(ad.topics));
  // Judged from its changes, the page got what a fresh reading and judgement of the whole page
  // gives (block ids aside: a fresh reading numbers the blocks in document order).
  const scansBefore = await browser.worker.evaluate(() => globalThis.wholeScans);
  await browser.worker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    await chrome.tabs.sendMessage(tab.id, { type: 'rescan' }, { frameId: 0 });
  }, url);
  for (let i = 0; i < 50 && (await browser.worker.evaluate(() => globalThis.wholeScans)) === scansBefore; i++) await page.waitForTimeout(100);
  const fresh = await reportOf(browser.worker, url, outlined, 5000);
  const gist = (r) => ({
    topics: r.topics.map((t) => [t.id, t.tier, t.score, t.evidence.map((e) => e.term)]),
    ads: r.ads.map((a) => [a.id, a.risk, a.advertiser.domain, a.topics.map((t) => [t.id, t.tier, t.warns, t.beside]), a.reasons]),
    stats: r.stats,
  });
  assert.deepEqual(gist(fresh), gist(report));
  for (let i = 0; i < 30 && !(await overlayBoxes(page)).has('div-gpt-ad-late-2'); i++) await page.waitForTimeout(100);
  const boxes = await overlayBoxes(page);
  assert.ok(boxes.has('div-gpt-ad-late-2'), 'the slot is outlined');

  // A harmless post changes nothing drawn: no findings are sent, the box is the same element.
  await page.waitForTimeout(500);
  const sent = await findingsSent();
  await page.evaluate(() => window.fixture.addPost('The second half has started.'));
  const later = await reportOf(browser.worker, url, (r) => r.stats.blocks === report.stats.blocks + 1, 3000);
  assert.deepEqual(later.ads.map((a) => [a.id, a.risk]), report.ads.map((a) => [a.id, a.risk]));
  await page.waitForTimeout(300);
  assert.equal(await findingsSent(), sent, 'no findings sent for a change that changes nothing drawn');
  assert.equal((await overlayBoxes(page)).get('div-gpt-ad-late-2'), boxes.get('div-gpt-ad-late-2'), 'the box is kept, not drawn anew');
  await page.close();
});

test('single-page navigation reads the new page', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/late.html`;
  await page.goto(url);
  await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
  const next = `${url}?page=2`;
  await page.evaluate(() => {
    history.pushState({}, '', '?page=2');
    document.querySelector('h1').textContent = 'Live: the second half';
  });
  const report = await reportOf(browser.worker, next, (r) => r.url === next, 3000);
  assert.equal(report.url, next);
  await page.close();
});

test("single-page navigation to a page with fewer slots: the report and its later changes list only the new page's slots", async () => {
  // Finding the creatives' frames is slowed, so the old page's last judgement is still under way
  // when the new page arrives: it must not be judged with the old page's slots, nor leave them in
  // the page the engine keeps for the next change.
  await browser.worker.evaluate(() => {
    globalThis.realGetAllFrames ??= chrome.webNavigation.getAllFrames;
    chrome.webNavigation.getAllFrames = (...args) =>
      new Promise((r) => setTimeout(r, 300)).then(() => globalThis.realGetAllFrames.apply(chrome.webNavigation, args));
  });
  const page = await browser.context.newPage();
  try {
    const url = `${sites.origins.publisher}/late.html?spa=1`;
    await page.goto(url);
    await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
    const old = ['div-gpt-ad-spa-1', 'div-gpt-ad-spa-2', 'div-gpt-ad-spa-3'];
    await page.evaluate((ids) => ids.forEach((id) => window.fixture.addSlot(id, 'nikon-kids')), old);
    await reportOf(browser.worker, url, (r) => old.every((id) => r.ads.some((a) => a.id === id)), 5000);

    // One more slot on the old page (its judgement waits for the frames), then the new page.
    await page.evaluate(() => window.fixture.addSlot('div-gpt-ad-spa-4', 'nikon-kids'));
    await page.waitForTimeout(250);
    const next = `${sites.origins.publisher}/late.html?spa=2`;
    await page.evaluate(() => {
      history.pushState({}, '', '?spa=2');
      for (const slot of document.querySelectorAll('[id^="div-gpt-ad-spa-"]')) slot.remove();
      document.querySelector('h1').textContent = 'Live: the second half';
      window.fixture.addSlot('div-gpt-ad-spa-new', 'nikon-kids');
    });
    const ids = (r) => r.ads.map((a) => a.id).sort();
    const report = await reportOf(browser.worker, next, (r) => r.url === next && r.ads.length > 0, 5000);
    assert.deepEqual(ids(report), ['div-gpt-ad-spa-new']);
    // A judgement of the old page finishing late does not replace it.
    await page.waitForTimeout(1000);
    assert.deepEqual(ids(await reportOf(browser.worker, next)), ['div-gpt-ad-spa-new']);
    // A change judged from the engine's kept page: the old slots are not in it.
    await page.evaluate(() => window.fixture.addPost('The second half has started.'));
    const changed = await reportOf(browser.worker, next, (r) => r.stats.blocks === report.stats.blocks + 1, 3000);
    assert.deepEqual(ids(changed), ['div-gpt-ad-spa-new']);
  } finally {
    await browser.worker.evaluate(() => { chrome.webNavigation.getAllFrames = globalThis.realGetAllFrames; });
    await page.close();
  }
});

test('a removed slot leaves the report by an update: the page is not read again', async () => {
  const page = await browser.context.newPage();
  // What reaches the worker on pages' ports, from now on.
  await browser.worker.evaluate(() => {
    globalThis.heardOnPorts = [];
    globalThis.hearPorts ??= (port) => port.onMessage.addListener((m) => globalThis.heardOnPorts?.push(m.type));
    chrome.runtime.onConnect.addListener(globalThis.hearPorts);
  });
  try {
    const url = `${sites.origins.publisher}/late.html?removed=1`;
    await page.goto(url);
    await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
    const slots = ['div-gpt-ad-gone-1', 'div-gpt-ad-gone-2'];
    await page.evaluate((ids) => ids.forEach((id) => window.fixture.addSlot(id, 'nikon-kids')), slots);
    const both = await reportOf(browser.worker, url, (r) => slots.every((id) => r.ads.some((a) => a.id === id)), 5000);
    await browser.worker.evaluate(() => { globalThis.heardOnPorts = []; });
    await page.evaluate(() => document.getElementById('div-gpt-ad-gone-1').remove());
    const after = await reportOf(browser.worker, url, (r) => !r.ads.some((a) => a.id === 'div-gpt-ad-gone-1'), 3000);
    assert.deepEqual(after.ads.map((a) => a.id), both.ads.map((a) => a.id).filter((id) => id !== 'div-gpt-ad-gone-1'));
    assert.equal(after.stats.blocks, both.stats.blocks);
    assert.deepEqual(await browser.worker.evaluate(() => globalThis.heardOnPorts), ['update'], 'one update, no fresh snapshot');
    // Put back, it is a slot again.
    await page.evaluate(() => document.getElementById('live').prepend(Object.assign(document.createElement('div'), { id: 'div-gpt-ad-gone-3', className: 'slot-300' })));
    await reportOf(browser.worker, url, (r) => r.ads.some((a) => a.id === 'div-gpt-ad-gone-3'), 3000);
  } finally {
    await browser.worker.evaluate(() => {
      chrome.runtime.onConnect.removeListener(globalThis.hearPorts);
      globalThis.heardOnPorts = null;
    });
    await page.close();
  }
});

// The 500-slot limit is on the slots a page has, not on every slot it ever had: a page that replaces
// its ads for hours (a feed unloading what it passed) keeps being read.
test('slots removed make room: the slot limit counts the slots the page has now', async () => {
  const page = await browser.context.newPage();
  try {
    const url = `${sites.origins.publisher}/late.html?limit=1`;
    await page.goto(url);
    await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
    const addSlots = (prefix) => page.evaluate((prefix) => {
      for (let i = 0; i < 300; i++) {
        document.getElementById('live').append(Object.assign(document.createElement('div'), { id: `div-gpt-ad-${prefix}-${i}`, className: 'slot-300' }));
      }
    }, prefix);
    const count = (r, prefix) => r.ads.filter((a) => a.id.startsWith(`div-gpt-ad-${prefix}-`)).length;
    await addSlots('first');
    await reportOf(browser.worker, url, (r) => count(r, 'first') === 300, 10000);
    await page.evaluate(() => document.querySelectorAll('[id^="div-gpt-ad-first-"]').forEach((el) => el.remove()));
    await reportOf(browser.worker, url, (r) => count(r, 'first') === 0, 10000);
    await addSlots('second');
    const report = await reportOf(browser.worker, url, (r) => count(r, 'second') === 300, 10000);
    assert.equal(report.ads.length, 300);
    assert.ok(!(report.skipped || []).some((s) => s.reason === 'slot limit'), JSON.stringify(report.skipped));
  } finally {
    await page.close();
  }
});

test('a huge page is read in slices: all of it, without holding the main thread long', async () => {
  const page = await browser.context.newPage();
  // The page's own world keeps a record of long tasks (over 50 ms) on the main thread.
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
      .observe({ type: 'longtask', buffered: true });
  });
  const url = `${sites.origins.publisher}/huge.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, (r) => r.stats.blocks > 6000, 30000);
  assert.equal(report.ads.length, 20);
  // Long tasks after the page built itself and first rendered are ours, if any.
  const { tasks, generatedAt } = await page.evaluate(() => ({ tasks: window.longTasks, generatedAt: window.generatedAt }));
  const after = tasks.filter(([start]) => start > generatedAt + 500);
  const longest = Math.max(0, ...after.map(([, d]) => d));
  console.log(`# huge page: ${report.stats.blocks} blocks, ${report.ads.length} slots; main-thread tasks over 50 ms after first render: ${after.length} (longest ${longest.toFixed(0)} ms)`);
  await page.close();
});

test('the CLI finds the same slots in the saved page', () => {
  const cli = JSON.parse(execFileSync(join(root, 'target/release/brandlens'), ['scan', 'tests/e2e/fixtures/publisher/slots.html',
    '--url', 'http://127.0.0.1/slots.html'], { cwd: root, encoding: 'utf8' }));
  assert.deepEqual(cli.ads.map((a) => a.kind).sort(), ['adsense', 'amazon', 'easylist', 'gpt', 'gpt', 'label', 'outbrain', 'prebid', 'taboola']);
});

// The options page's filter settings: the user's own rules, and refreshing EasyList from its public
// address. This machine has no way out, so the public address is answered by the test (playwright
// routes the worker's request); a second refresh whose download is not a filter list is refused.
test("the user's own filter rules and refreshed lists apply; a bad download keeps the list in use", async () => {
  const setSettings = (changes) => browser.worker.evaluate(async (c) => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, ...c } });
  }, changes);
  const loaded = (predicate) => waitFor(() => browser.worker.evaluate(() => globalThis.brandlens.filters()), predicate);
  const url = `${sites.origins.publisher}/plain.html`;
  const scan = async () => {
    const page = await browser.context.newPage();
    await page.goto(url);
    const report = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0);
    await page.close();
    return report;
  };
  try {
    await setSettings({ filterRules: '! our own\n##.share\n' });
    const own = await loaded((i) => i.lists.some((l) => l.name === 'own rules'));
    assert.deepEqual(own.lists.map((l) => [l.name, l.from]), [['EasyList', 'bundled'], ['EasyList Dutch', 'bundled'], ['own rules', 'options']]);
    assert.deepEqual((await scan()).ads.map((a) => a.kind), ['easylist'], 'the element our own rule names is an ad slot');

    const served = [];
    await browser.context.route(/^https:\/\/(easylist\.to|easylist-downloads\.adblockplus\.org)\//, (route) => {
      served.push(route.request().url());
      route.fulfill({ status: 200, contentType: 'text/plain', body: `[Adblock Plus 2.0]\n! refreshed\n##.share\n${'! padding\n'.repeat(200)}` });
    });
    await setSettings({ filterRules: '', refreshFilterLists: true });
    assert.equal(await browser.worker.evaluate(() => globalThis.brandlens.refreshFilterLists()), true);
    const refreshed = await loaded((i) => i.lists.every((l) => l.from === 'refreshed'));
    assert.deepEqual(refreshed.lists.map((l) => l.name), ['EasyList', 'EasyList Dutch']);
    assert.ok(served.length >= 2, served.join(', '));
    assert.deepEqual((await scan()).ads.map((a) => a.kind), ['easylist'], 'the refreshed list applies');

    await browser.context.unroute(/^https:\/\/(easylist\.to|easylist-downloads\.adblockplus\.org)\//);
    await browser.context.route(/^https:\/\/(easylist\.to|easylist-downloads\.adblockplus\.org)\//,
      (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Log in to the wifi</body></html>' }));
    assert.equal(await browser.worker.evaluate(() => globalThis.brandlens.refreshFilterLists()), false);
    const kept = await browser.worker.evaluate(() => globalThis.brandlens.filters());
    assert.match(kept.refreshError, /not a filter list/);
    assert.ok(kept.lists.every((l) => l.from === 'refreshed'), 'the list in use stays');
  } finally {
    await browser.context.unrouteAll();
    await setSettings({ filterRules: '', refreshFilterLists: false });
    await loaded((i) => i.lists.every((l) => l.from === 'bundled'));
  }
});

async function waitFor(read, predicate, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (predicate(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out; last: ${JSON.stringify(value)}`);
}
