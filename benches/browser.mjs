// The browser benchmarks (BENCHMARKS.md, figures 2 to 5), in Debian's Chromium with the built
// extension (dist/chrome), through the end-to-end harness:
//   2. the extension's main-thread time per page (trace and CPU profile: benches/mainthread.mjs)
//      against a bare TreeWalker pass that reads all text, and its longest main-thread task;
//   3. BrandLens's judging step against a peer: the same lexicons as one big case-insensitive regular
//      expression, the way a typical JavaScript extension applies them, on the same text, in the
//      same service worker;
//   4. the cost of a mutation that adds one paragraph or one ad slot against a full scan;
//   5. the service worker's cold start, and the memory of the worker and of a content script.
// Pages: the real pages of ../shared/data/pages when present (read at run time only, never copied)
// and pages generated here. tools/bench.mjs runs this and prints the figures beside their budgets;
// tests/e2e/bench.test.mjs runs it in a tiny mode so it cannot rot.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, reportOf, root } from '../tests/e2e/harness.mjs';
import { PROFILER_SAMPLING_US, traceExtensionTime } from './mainthread.mjs';

export const REAL_PAGES = join(root, '..', 'shared', 'data', 'pages');
const LANGUAGES = ['nl', 'en', 'de', 'fr'];
// Sections whose lines start with a weight (docs/lexicons.md).
const WEIGHTED = new Set(['terms', 'graphic', 'promotion', 'educational']);
// Lines an incremental update adds: one paragraph, one ad slot.
export const ADDED_PARAGRAPH = 'De politie onderzoekt een zedenzaak: seksueel misbruik van minderjarigen bij een sportclub. ' +
  'The police are investigating a murder after a stabbing in the town centre.';
export const ADDED_SLOT = '<a href="https://www.nikon.nl/kids"><img alt="Nikon camera" width="300" height="250"></a>';

// Every phrase of every lexicon file but the stop words, per language: { phrase, topic } (topic is
// null for the language-wide cues). The same entries the engine compiles (src/lexicon_syntax.rs).
export function lexiconPhrases() {
  const phrases = {};
  for (const lang of LANGUAGES) {
    const dir = join(root, 'data', 'lexicons', lang);
    phrases[lang] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt') && f !== '_stopwords.txt').sort()) {
      const topic = file.startsWith('_') ? null : file.replace(/\.txt$/, '');
      let section = null;
      for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const comment = raw.startsWith('#') ? 0 : raw.indexOf(' #');
        const line = (comment >= 0 ? raw.slice(0, comment) : raw).trim();
        if (!line) continue;
        const header = line.match(/^\[(.+)\]$/);
        if (header) { section = header[1].trim(); continue; }
        const phrase = (topic && WEIGHTED.has(section) ? line.replace(/^\d+\s+/, '') : line).replace(/^\*/, '').trim();
        if (phrase) phrases[lang].push({ phrase, topic });
      }
    }
  }
  return phrases;
}

function stopwords(lang) {
  return readFileSync(join(root, 'data', 'lexicons', lang, '_stopwords.txt'), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

// Deterministic words: the language's frequent words with one lexicon phrase in every 40 words.
function wordSource(lang, phrases) {
  const filler = stopwords(lang);
  const terms = phrases[lang].map((p) => p.phrase);
  let state = 0x2545f491;
  const below = (n) => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state % n;
  };
  return (count) => {
    const words = [];
    for (let i = 0; i < count; i++) words.push(below(40) === 0 ? terms[below(terms.length)] : filler[below(filler.length)]);
    return words.join(' ');
  };
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function pageHtml(title, body) {
  return `<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body><main><h1>${escapeHtml(title)}</h1>\n${body}\n</main></body></html>\n`;
}

// The generated large pages, made here: `nodes` DOM nodes in paragraphs of 8 nodes (a paragraph, a
// span and a bold word, and their texts), and `textBytes` of text in paragraphs of about 1 kB.
// `scale` shrinks both for the smoke test.
export function generatedPages(phrases, scale = 1) {
  const words = wordSource('nl', phrases);
  const nodes = Math.round(200000 * scale);
  const textBytes = Math.round(5000000 * scale);
  const paragraphs = [];
  for (let i = 0; i < nodes / 8; i++) {
    paragraphs.push(`<p>${escapeHtml(words(6))} <span>${escapeHtml(words(4))}</span> ${escapeHtml(words(3))} <b>${escapeHtml(words(1))}</b></p>`);
  }
  const nodePage = pageHtml(`Gegenereerd: ${nodes} knopen`, paragraphs.join('\n'));
  const texts = [];
  for (let total = 0; total < textBytes;) {
    const text = escapeHtml(words(150));
    texts.push(`<p>${text}</p>`);
    total += text.length;
  }
  const textPage = pageHtml(`Gegenereerd: ${(textBytes / 1e6).toFixed(1)} MB tekst`, texts.join('\n'));
  return [
    { file: 'generated-nodes.html', name: `generated: ${nodes.toLocaleString('en')} nodes`, lang: 'nl', html: nodePage },
    { file: 'generated-text.html', name: `generated: ${(textBytes / 1e6).toFixed(1)} MB of text`, lang: 'nl', html: textPage },
  ];
}

// The real pages listed in manifest.csv, or null when the directory is absent.
export function realPages(dir = REAL_PAGES, limit = Infinity) {
  if (!existsSync(join(dir, 'manifest.csv'))) return null;
  const [header, ...lines] = readFileSync(join(dir, 'manifest.csv'), 'utf8').split('\n').filter((l) => l.trim());
  const fields = (line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''));
  const columns = fields(header);
  return lines.slice(0, limit).map((line) => {
    const row = Object.fromEntries(fields(line).map((v, i) => [columns[i], v]));
    return { file: row.file, name: row.file.replace(/\.html$/, ''), lang: row.lang, url: row.url, path: join(dir, row.file) };
  });
}

// Serves the real pages and the generated ones on one loopback origin; nothing else. The pages'
// own scripts are off (CSP; the extension's content scripts are not subject to it): without their
// network they would only navigate away or fail, and the saved DOM is what is measured.
export async function servePages(pages) {
  const byPath = new Map(pages.map((p) => [`/${p.file}`, p]));
  const server = createServer((req, res) => {
    const page = byPath.get(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!page) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "script-src 'none'" })
      .end(page.html ?? readFileSync(page.path));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// In the service worker: keeps each page's snapshot as the content script sent it (for the peer
// comparison), and counts the time the engine spends judging (for the incremental figure).
export async function instrumentWorker(worker) {
  await worker.evaluate(async () => {
    globalThis.benchSnapshots = new Map();
    // A big page's snapshot comes in parts: the snapshot, then its further blocks as updates. They
    // are added until the page is marked complete (before the incremental changes are made).
    globalThis.benchComplete = new Set();
    // They come on the top frame's port (extension/content/main.js, post).
    chrome.runtime.onConnect.addListener((port) => port.onMessage.addListener((message) => {
      if (message?.type === 'snapshot') {
        globalThis.benchSnapshots.set(message.snapshot.url, structuredClone(message.snapshot));
        globalThis.benchComplete.delete(message.snapshot.url);
      }
      if (message?.type === 'update' && !globalThis.benchComplete.has(message.url)) {
        globalThis.benchSnapshots.get(message.url)?.blocks.push(...message.blocks);
      }
    }));
    const engine = await globalThis.brandlens.engine();
    globalThis.benchJudgeMs = 0;
    globalThis.benchScans = 0;
    // Every judgement: of a whole page (`scan`) and of a page the engine holds from its changes
    // (`scanChanges`, which answers undefined when it holds another page and the worker scans).
    for (const name of ['scan', 'scanChanges']) {
      const judge = Object.getPrototypeOf(engine)[name];
      engine[name] = function timed(...args) {
        const start = performance.now();
        let report;
        try {
          report = judge.apply(this, args);
          return report;
        } finally {
          globalThis.benchJudgeMs += performance.now() - start;
          if (report !== undefined) globalThis.benchScans += 1;
        }
      };
    }
  });
}

const workerJudgeMs = (worker) => worker.evaluate(() => globalThis.benchJudgeMs);
const workerScans = (worker) => worker.evaluate(() => globalThis.benchScans);

// A bare pass over the page that reads all its text: the floor for any reader. Repeated for at
// least 50 ms (the page's clock is coarse), under the same sampling profiler as the extension's time.
async function bareTreeWalker(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: PROFILER_SAMPLING_US });
  await cdp.send('Profiler.start');
  const bare = await page.evaluate(() => {
    let chars = 0;
    let runs = 0;
    const start = performance.now();
    while (runs < 3 || performance.now() - start < 50) {
      const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
      const parts = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.data);
      chars = parts.join('').length;
      runs += 1;
    }
    return { ms: (performance.now() - start) / runs, chars };
  });
  await cdp.send('Profiler.stop');
  await cdp.detach().catch(() => undefined);
  return bare;
}

// BrandLens's judging step and the peer's, on the snapshot the content script sent, `repeats` times each.
function judgeAgainstPeer(worker, url, lang, repeats) {
  return worker.evaluate(async ({ url, lang, repeats }) => {
    const snapshot = globalThis.benchSnapshots.get(url);
    if (!snapshot) return null;
    const engine = await globalThis.brandlens.engine();
    const scan = Object.getPrototypeOf(engine).scan;
    const peer = globalThis.benchPeer[lang] || globalThis.benchPeer.en;
    // Every run judges afresh: the engine keeps the last page's block analyses for its next
    // judgement (a changed page), which would make repeats of the same snapshot cheap.
    const timed = (work) => {
      const runs = [];
      let result;
      for (let i = 0; i < repeats; i++) {
        engine.forgetPage();
        const start = performance.now();
        result = work();
        runs.push(performance.now() - start);
      }
      runs.sort((a, b) => a - b);
      return { ms: runs[Math.floor(runs.length / 2)], result };
    };
    // The judging step is the text's: the same snapshot without its ad slots (a full scan also
    // identifies each slot's advertiser and judges what stands beside it).
    const textOnly = { ...snapshot, slots: [] };
    const brandlens = timed(() => scan.call(engine, textOnly).topics.length);
    const fullScan = timed(() => scan.call(engine, snapshot).ads.length);
    // The peer: every match of the big expression, counted per topic, as a typical extension scores.
    const regex = timed(() => {
      const perTopic = new Map();
      for (const block of snapshot.blocks) {
        for (const match of block.text.matchAll(peer.expression)) {
          const topic = peer.topicOf.get(match[0].toLowerCase());
          perTopic.set(topic, (perTopic.get(topic) || 0) + 1);
        }
      }
      return [...perTopic.values()].reduce((a, b) => a + b, 0);
    });
    const chars = snapshot.blocks.reduce((n, b) => n + b.text.length, 0);
    return { brandlensMs: brandlens.ms, fullScanMs: fullScan.ms, peerMs: regex.ms, peerMatches: regex.result, topics: brandlens.result, chars };
  }, { url, lang, repeats });
}

// The peer's expressions, one per language, built once as an extension would build them at start.
export function installPeer(worker, phrases) {
  return worker.evaluate((phrases) => {
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    globalThis.benchPeer = {};
    for (const [lang, entries] of Object.entries(phrases)) {
      const unique = [...new Set(entries.map((e) => e.phrase.toLowerCase()))].sort((a, b) => b.length - a.length);
      globalThis.benchPeer[lang] = {
        expression: new RegExp(`\\b(?:${unique.map(escape).join('|')})\\b`, 'gi'),
        topicOf: new Map(entries.map((e) => [e.phrase.toLowerCase(), e.topic])),
        patterns: unique.length,
      };
    }
    return Object.fromEntries(Object.entries(globalThis.benchPeer).map(([l, p]) => [l, p.patterns]));
  }, phrases);
}

// The extension's cost of one change to a loaded page: main-thread time (traced) plus the worker's
// judging time, until the worker has judged the page with the change (on a page at the block limit
// the change is read and sent, then left out). `change(arg)` runs in the page.
async function measureChange(browser, extensionId, page, { change, arg }) {
  const judgedBefore = await workerJudgeMs(browser.worker);
  const scansBefore = await workerScans(browser.worker);
  const stop = await traceExtensionTime(browser.context, page, extensionId);
  let trace;
  try {
    await page.evaluate(change, arg);
    const deadline = Date.now() + 15000;
    while ((await workerScans(browser.worker)) === scansBefore) {
      if (Date.now() > deadline) throw new Error('the change was never judged');
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(300); // the report is drawn
  } finally {
    trace = await stop();
  }
  return { mainMs: trace.totalMs, maxTaskMs: trace.maxMs, judgeMs: (await workerJudgeMs(browser.worker)) - judgedBefore };
}

export function addParagraph(text) {
  const paragraphs = [...document.querySelectorAll('p')];
  const parent = paragraphs.length ? paragraphs[Math.floor(paragraphs.length / 2)].parentElement : document.body;
  const p = document.createElement('p');
  p.textContent = text;
  parent.append(p);
}

export function addSlot(html) {
  const slot = document.createElement('div');
  slot.id = `div-gpt-ad-bench-${Date.now()}`;
  slot.style.cssText = 'width:300px;height:250px;display:block';
  slot.innerHTML = html;
  (document.querySelector('main, article') || document.body).prepend(slot);
}

// A new tab whose requests go nowhere but this machine: a saved page's ads and scripts from the web
// would make every run differ.
export async function offlineTab(context) {
  const tab = await context.newPage();
  await tab.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  return tab;
}

// One page: full scan (traced), bare pass, incremental changes, judging against the peer.
export async function measurePage(browser, extensionId, origin, page, { repeats, incremental }) {
  const tab = await offlineTab(browser.context);
  const url = `${origin}/${page.file}`;
  const row = { name: page.name, lang: page.lang };
  try {
    const judgedBefore = await workerJudgeMs(browser.worker);
    const stop = await traceExtensionTime(browser.context, tab, extensionId);
    let trace;
    try {
      await tab.goto(url, { waitUntil: 'load', timeout: 60000 }).catch(() => undefined);
      if (tab.url() !== url) throw new Error(`the page navigated away to ${tab.url()}`);
      const report = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0, 60000);
      row.blocks = report.stats.blocks;
      row.skipped = (report.skipped || []).map((s) => s.reason);
      await tab.waitForTimeout(1000); // the overlay draws; late slots report in
    } finally {
      trace = await stop();
    }
    Object.assign(row, { mainMs: trace.totalMs, maxTaskMs: trace.maxMs, over50: trace.over50, tasks: trace.tasks.length });
    row.judgeMs = (await workerJudgeMs(browser.worker)) - judgedBefore;
    const bare = await bareTreeWalker(browser.context, tab);
    Object.assign(row, { bareMs: bare.ms, textChars: bare.chars });
    await browser.worker.evaluate((u) => globalThis.benchComplete.add(u), url);
    if (incremental) {
      row.paragraph = await measureChange(browser, extensionId, tab, { change: addParagraph, arg: ADDED_PARAGRAPH });
      row.slot = await measureChange(browser, extensionId, tab, { change: addSlot, arg: ADDED_SLOT });
    }
    row.peer = await judgeAgainstPeer(browser.worker, url, page.lang, repeats);
  } catch (error) {
    row.error = String(error.message || error).slice(0, 300);
  } finally {
    await tab.close();
  }
  return row;
}

// Private memory of a process, from /proc: all of it (`privateMb`, its unique set size), and its
// anonymous part (`anonymousMb`: heaps, the wasm memory, JIT code, shared-memory buffers such as
// those that carry big messages; every mapping but files). The rest is pages of Chromium's own files
// that count as private only while no other process maps them: 0.5-8.5 MB that come and go as the
// closed tabs' processes exit, whatever the extension does.
function privateMemoryMb(pid) {
  let privateKb = 0;
  let anonymousKb = 0;
  let file = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/);
    if (mapping) {
      file = mapping[1].startsWith('/') && !/^\/(memfd:|dev\/shm\/)/.test(mapping[1]);
      continue;
    }
    const kb = Number(line.match(/^Private_(?:Clean|Dirty):\s+(\d+) kB/)?.[1] ?? 0);
    privateKb += kb;
    if (!file) anonymousKb += kb;
  }
  return { privateMb: privateKb / 1024, anonymousMb: anonymousKb / 1024 };
}

// The extension's renderer process (it runs the service worker) of the browser using `profileDir`.
function extensionProcess(profileDir) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Processes forked by the zygote rewrite their command line as one string.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      if (args.includes(`--user-data-dir=${profileDir}`) && args.includes('--extension-process')) return Number(pid);
    } catch (_) { /* the process ended */ }
  }
  return null;
}

// The worker stopped (as Chromium stops idle workers) and woken again by a page: time from the
// worker's start (its performance.timeOrigin) until the engine is ready, and until EasyList and
// EasyList Dutch are ready too (compiled rules from the extension's cache). The question is asked
// as soon as the worker runs, so an answer later than readiness is an upper bound.
async function coldStart(browser, origin, file) {
  const tab = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(tab);
  const statuses = [];
  let changed = () => undefined;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const ours = versions.find((v) => v.scriptURL.startsWith(browser.worker.url().replace(/[^/]*$/, '')));
    if (ours) { statuses.push(ours); changed(); }
  });
  const reach = (status) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker never became ${status}`)), 20000);
    changed = () => { if (statuses.at(-1)?.runningStatus === status) { clearTimeout(timer); resolve(statuses.at(-1)); } };
    changed();
  });
  await cdp.send('ServiceWorker.enable');
  const { versionId } = await reach('running');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await reach('stopped');
  const running = reach('running');
  const woken = tab.goto(`${origin}/${file}`, { waitUntil: 'load' }).catch(() => undefined);
  await running;
  const ready = await browser.worker.evaluate(async () => {
    await globalThis.brandlens.engine();
    const engineMs = performance.now();
    await globalThis.brandlens.cosmeticSelectors('https://www.example.nl/', [], []);
    const readyMs = performance.now();
    // The first judgement in a language also compiles that language's lexicon.
    await globalThis.brandlens.judgeText('De politie onderzoekt een zedenzaak in de stad.', 'nl');
    return { engineMs, readyMs, firstJudgementMs: performance.now() - readyMs, filters: globalThis.brandlens.filters() };
  });
  await woken;
  await cdp.detach().catch(() => undefined);
  await tab.close();
  return ready;
}

// JS heap of a page after garbage collection (it holds the content scripts' isolated world too).
async function heapMb(context, tab) {
  const cdp = await context.newCDPSession(tab);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach().catch(() => undefined);
  return usedSize / 1048576;
}

const BROWSER_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

// A content script's memory: the page's JS heap with the extension minus without it.
async function contentScriptMemory(browser, origin, page) {
  const plain = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: false, args: BROWSER_ARGS });
  try {
    const url = `${origin}/${page.file}`;
    const heapOf = async (context, wait) => {
      const tab = await offlineTab(context);
      await tab.goto(url, { waitUntil: 'load', timeout: 60000 }).catch(() => undefined);
      await wait();
      const mb = await heapMb(context, tab);
      await tab.close();
      return mb;
    };
    const withExtension = await heapOf(browser.context, async () => {
      await reportOf(browser.worker, url, (r) => r.stats.blocks > 0, 60000);
      await new Promise((r) => setTimeout(r, 1000));
    });
    const context = await plain.newContext({ viewport: { width: 1200, height: 900 } });
    const without = await heapOf(context, () => new Promise((r) => setTimeout(r, 1500)));
    return { page: page.name, withMb: withExtension, withoutMb: without, contentScriptMb: withExtension - without };
  } finally {
    await plain.close();
  }
}

// The smallest extension with a service worker, for the memory every extension process costs.
function emptyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'brandlens-bench-empty-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'empty', version: '1.0', background: { service_worker: 'worker.js' } }));
  // launchBrowser waits for this answer from the worker.
  writeFileSync(join(dir, 'worker.js'), 'globalThis.brandlens = { judgeText: async () => [] };\n');
  return dir;
}

async function workerMemory(browser) {
  const pid = extensionProcess(browser.profileDir);
  return pid ? privateMemoryMb(pid) : null;
}

// Memory, in a browser of its own (the timing runs judge whole generated pages directly, beyond the
// extension's limits): the worker's process idle after a cold start and after the extension judged
// the largest pages; a content script's heap on the largest real and generated page.
async function measureMemory(origin, largest, log) {
  const memory = { contentScripts: [] };
  const browser = await launchBrowser();
  try {
    await browser.worker.evaluate(() => globalThis.brandlens.cosmeticSelectors('https://www.example.nl/', [], []));
    await coldStart(browser, origin, largest.at(-1).file);
    memory.workerAfterColdStart = await workerMemory(browser);
    for (const page of largest) {
      const tab = await offlineTab(browser.context);
      const url = `${origin}/${page.file}`;
      await tab.goto(url, { waitUntil: 'load', timeout: 60000 }).catch(() => undefined);
      await reportOf(browser.worker, url, (r) => r.stats.blocks > 0, 60000);
      await tab.close();
    }
    memory.workerAfterPages = await workerMemory(browser);
    const mb = (m) => `${m?.anonymousMb.toFixed(1)} MB anonymous (${m?.privateMb.toFixed(1)} MB private)`;
    log(`worker process: ${mb(memory.workerAfterColdStart)} after a cold start, ${mb(memory.workerAfterPages)} after ${largest.map((p) => p.name).join(', ')}`);
    for (const page of largest) memory.contentScripts.push(await contentScriptMemory(browser, origin, page));
  } finally {
    await browser.close();
  }
  const empty = emptyExtension();
  try {
    const baseline = await launchBrowser({ extension: empty });
    memory.emptyExtension = await workerMemory(baseline);
    await baseline.close();
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
  return memory;
}

// The floor of figure 2: the main-thread time of the least a reading extension does (read every
// text node, send the text to its worker: benches/minimal-reader), on each page, traced as the
// extension's own time is. The bare pass is not an extension: it pays no script start and sends
// nothing. Sets `floorMs` on each row of `rows` (by page name).
async function measureFloor(origin, pages, rows) {
  const browser = await launchBrowser({ extension: join(root, 'benches', 'minimal-reader') });
  try {
    const extensionId = new URL(browser.worker.url()).host;
    for (const page of pages) {
      const row = rows.find((r) => r.name === page.name);
      if (!row || row.error) continue;
      const tab = await offlineTab(browser.context);
      const stop = await traceExtensionTime(browser.context, tab, extensionId);
      try {
        await tab.goto(`${origin}/${page.file}`, { waitUntil: 'load', timeout: 60000 }).catch(() => undefined);
        await tab.waitForTimeout(1000);
      } finally {
        row.floorMs = (await stop()).totalMs;
        await tab.close();
      }
    }
  } finally {
    await browser.close();
  }
}

// Runs every browser figure. `real`: the real pages, or null; `generated`: generated pages;
// `repeats`: runs of each judging step; `log(line)`: progress.
export async function runBrowserBench({ real, generated, repeats = 5, log = () => undefined }) {
  const phrases = lexiconPhrases();
  const pages = [...(real || []), ...generated];
  const server = await servePages(pages);
  const results = { pages: [], peerPatterns: null, coldStarts: [], firstStart: null, memory: {} };
  try {
    const browser = await launchBrowser();
    try {
      const extensionId = new URL(browser.worker.url()).host;
      results.firstStart = await browser.worker.evaluate(async () => {
        await globalThis.brandlens.cosmeticSelectors('https://www.example.nl/', [], []);
        return globalThis.brandlens.filters();
      });
      results.peerPatterns = await installPeer(browser.worker, phrases);
      await instrumentWorker(browser.worker);
      for (const page of pages) {
        const row = await measurePage(browser, extensionId, server.origin, page, { repeats, incremental: true });
        row.generated = !page.path;
        results.pages.push(row);
        log(row.error ? `${page.name}: ${row.error}` :
          `${page.name}: main thread ${row.mainMs.toFixed(1)} ms vs bare ${row.bareMs.toFixed(1)} ms, longest task ${row.maxTaskMs.toFixed(1)} ms; ` +
          `judging ${row.peer?.brandlensMs.toFixed(1)} ms vs peer ${row.peer?.peerMs.toFixed(1)} ms`);
      }
      for (let i = 0; i < 3; i++) {
        results.coldStarts.push(await coldStart(browser, server.origin, generated[0].file));
        log(`cold start ${i + 1}: ready at ${results.coldStarts.at(-1).readyMs.toFixed(1)} ms (EasyList from ${results.coldStarts.at(-1).filters.from})`);
      }
    } finally {
      await browser.close();
    }
    await measureFloor(server.origin, pages, results.pages);
    log(`minimal reader: ${results.pages.map((r) => `${r.name} ${r.floorMs?.toFixed(1)} ms`).join(', ')}`);
    const largestReal = real?.length ? real.map((p) => ({ p, size: readFileSync(p.path).length })).sort((a, b) => b.size - a.size)[0].p : null;
    const largestGenerated = [...generated].sort((a, b) => b.html.length - a.html.length)[0];
    results.memory = await measureMemory(server.origin, [largestReal, largestGenerated].filter(Boolean), log);
  } finally {
    await server.close();
  }
  results.medianColdStartMs = median(results.coldStarts.map((c) => c.readyMs));
  return results;
}
