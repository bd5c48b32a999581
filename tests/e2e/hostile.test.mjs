// Hostile pages (tests/e2e/fixtures/hostile/): pages built to break an extension. On each, the
// extension must keep the page responsive (its main-thread tasks are traced), bound its work, and
// report correctly or say what it skipped. Every page carries the same marker: a Dutch sentence
// about sexual abuse of minors and a Nikon ad slot beside it; Nikon's profile blocks that phrase as
// crime, so a correct report has the ad at high risk for crime.
// The table of main-thread time and outcome per page goes to test-output/e2e/hostile.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv/dist/2020.js';
import { launchBrowser, outputDir, reportOf, root, serve, startSites } from './harness.mjs';
import { traceExtensionTasks } from './mainthread.mjs';

const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'docs/report.schema.json'), 'utf8')));
const CRIME = 'XtODT3';
const NIKON = { version: 1, brands: [{ name: 'Nikon', domains: ['nikon.nl'], audience: 'children', block: ['crime: seksueel misbruik van minderjarigen'] }] };
const LONG_TASK_MS = 50;
const HANG_MS = 200;

// page, what it does, the skipped reasons its report must give.
const PAGES = [
  // No 'filter limit': the EasyList rules that can select an element here are few enough to try
  // (extension/content/selectors.js leaves out the rest first).
  { page: 'nodes-200k', does: '200,000 elements', skipped: ['element limit'] },
  { page: 'deep-10000', does: 'nesting 10,000 deep (not rendered: Chromium crashes on its own)', skipped: ['nesting limit'] },
  { page: 'text-50mb', does: '50 MB of text', skipped: ['page text limit'] },
  { page: 'mutate-forever', does: 'mutates its DOM every frame and every ms, forever', skipped: [] },
  { page: 'shadow-dom', does: 'text in open, closed and nested shadow roots (on a div, a custom element, a span)', skipped: [],
    reads: ['terroristische aanslag', 'moord op een journalist', 'reeks woninginbraken', 'verduistering van clubgeld'],
    slots: [['adsense-in-shadow', 'adsense']] },
  // 101 documents, each starting a script of ours in a task of its own (400 tasks on 2 cores shared
  // with the frames' other renderer): a garbage collection or an extension API's first use in a
  // frame stretches a few of them (0-3 over 50 ms, seen in ten runs, before and after frames ran
  // content/creative.js alone). Three may; none may hang.
  { page: 'iframes-100', does: '50 cross-origin frames and 50 nested frames', skipped: [], stragglers: 3 },
  { page: 'lone-surrogates', does: 'lone surrogates in text, title, ids, alt', skipped: [] },
  { page: 'huge-attributes', does: '10 MB attribute values (slot id, class, alt, href, frame src)', skipped: [] },
  // Its overlay host gets another name (content/overlay.js, newHost): the overlay is still not read
  // as the page's text (`still`: its text does not change, so later reports have no more blocks).
  { page: 'prototypes', does: 'overrides DOM prototypes, JSON, Promise, Array.map, custom element of the overlay', skipped: [], still: true },
  { page: 'strict-csp', does: "CSP default-src 'none', Trusted Types", skipped: [] },
  { page: 'postmessage-flood', does: 'floods postMessage with forged extension messages', skipped: [] },
];

let sites;
let hostile;
let browser;
let extensionId;
const rows = [];

before(async () => {
  sites = await startSites();
  hostile = await serve(join(root, 'tests/e2e/fixtures/hostile'), '127.0.0.1', sites.origins, sites.requests);
  browser = await launchBrowser();
  extensionId = new URL(browser.worker.url()).host;
  await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), NIKON);
});

after(async () => {
  await browser?.close();
  await sites?.close();
  await new Promise((r) => hostile?.close(r));
  if (rows.length) {
    const table = ['| page | what it does | extension main-thread time (total) | extension tasks | longest extension task | tasks over 50 ms | outcome |',
      '|---|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.page} | ${r.does} | ${r.totalMs.toFixed(1)} ms | ${r.tasks.length} | ${r.maxMs.toFixed(1)} ms | ${r.over50} | ${r.outcome} |`)];
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, 'hostile.md'), `${table.join('\n')}\n`);
    console.log(table.join('\n'));
  }
});

const nikonAd = (r) => r.ads.find((a) => a.advertiser.domain === 'nikon.nl');
const judged = (r) => nikonAd(r)?.risk === 'high';

for (const { page: name, does, skipped, reads = [], slots = [], still = false, stragglers = 1 } of PAGES) {
  test(`hostile page: ${name} (${does})`, async () => {
    const page = await browser.context.newPage();
    const url = `http://127.0.0.1:${hostile.address().port}/${name}.html`;
    const stop = await traceExtensionTasks(browser.context, page, extensionId);
    let report;
    let time;
    try {
      await page.goto(url, { timeout: 60000 });
      report = await reportOf(browser.worker, url, judged, 30000);
      await page.waitForTimeout(1500); // frames report in; redraws happen
    } finally {
      time = await stop();
    }
    const reasons = (report.skipped || []).map((s) => s.reason);
    const outcome = `correct: ${report.stats.blocks} blocks, ${report.ads.length} ad(s), Nikon ad ${nikonAd(report).risk} for crime` +
      (reasons.length ? `; skipped: ${(report.skipped).map((s) => `${s.part} (${s.reason})`).join('; ')}` : '');
    rows.push({ page: name, does, ...time, outcome, stragglers });

    assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
    const ad = nikonAd(report);
    assert.equal(ad.risk, 'high', 'a forged or broken page cannot make the ad look safe');
    assert.ok(ad.topics.some((t) => t.id === CRIME && t.warns));
    assert.deepEqual([...new Set(reasons)].sort(), [...skipped].sort(), 'the report says what was skipped');
    const snippets = report.topics.flatMap((t) => t.evidence.map((e) => e.snippet));
    for (const text of reads) assert.ok(snippets.some((s) => s.includes(text)), `read and judged: ${text}`);
    for (const [id, kind] of slots) assert.equal(report.ads.find((a) => a.id === id)?.kind, kind, `slot ${id} found`);
    assert.ok(time.tasks.length > 0, 'the extension ran in the page');
    if (still) assert.equal((await reportOf(browser.worker, url)).stats.blocks, report.stats.blocks, 'the overlay is not read as page text');
    // The page still answers.
    const answered = await Promise.race([page.evaluate(() => 1 + 1), new Promise((r) => setTimeout(() => r('hung'), 5000))]);
    assert.equal(answered, 2);
    await page.close();
  });
}

// The reader works in slices of 8 ms and yields to the page between them, so its tasks stay far
// under 50 ms. Wall-clock time on a shared 2-core machine is noisy: a garbage collection or a layout
// the browser forces into one of our slices can stretch that single task. So each page may have at
// most one task over 50 ms (iframes-100: three, see PAGES), none over 200 ms (a hang), and the
// table (test-output/e2e/hostile.md) records the exact figures. The benchmark's longest-task figure
// (tools/bench.sh, figure 2, from CPU samples) is the measure of chunking; this is its guard.
test('no extension task over 50 ms on any hostile page (one straggler allowed, none over 200 ms)', () => {
  const over = rows.filter((r) => r.over50 > r.stragglers || r.maxMs > HANG_MS)
    .map((r) => `${r.page}: ${r.over50} tasks over ${LONG_TASK_MS} ms, longest ${r.maxMs.toFixed(1)} ms`);
  assert.deepEqual(over, []);
});
