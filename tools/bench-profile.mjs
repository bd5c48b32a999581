// Where the extension's main-thread time goes on one page: a V8 CPU profile of the page's renderer
// (the content scripts' isolated world included) while the page is read, judged and drawn, and
// then while one paragraph is added, then while one ad slot is added. Prints the extension's functions by time, with the browser
// call each one was in (layout, style, DOM) where the time was spent there.
//   node tools/bench-profile.mjs PAGE.html|generated-nodes.html|generated-text.html [--scale 0.1]
import { launchBrowser, reportOf } from '../tests/e2e/harness.mjs';
import { sampleSpans, traceMainThread } from '../benches/mainthread.mjs';
import { ADDED_PARAGRAPH, ADDED_SLOT, addParagraph, addSlot, generatedPages, lexiconPhrases, offlineTab, realPages, servePages } from '../benches/browser.mjs';

const [file, ...rest] = process.argv.slice(2);
const scale = rest.includes('--scale') ? Number(rest[rest.indexOf('--scale') + 1]) : 1;
if (!file) {
  console.error('usage: node tools/bench-profile.mjs PAGE.html|generated-nodes.html|generated-text.html [--scale 0.1]');
  process.exit(2);
}
const page = [...(realPages() || []), ...generatedPages(lexiconPhrases(), scale)].find((p) => p.file === file);
if (!page) {
  console.error(`${file}: no such page (real pages are read from ../shared/data/pages when present)`);
  process.exit(2);
}

// Time per extension function (the nearest extension frame of each sample) and the browser call it
// was in. `spans`: each sample's length, cut at its task's end (benches/mainthread.mjs, sampleSpans).
function summarise({ profile, events }, prefix) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const spans = sampleSpans(profile, events);
  const byFunction = new Map();
  let total = 0;
  for (const { id, ms } of spans) {
    const leaf = nodes.get(id);
    let frame = leaf;
    while (frame && !frame.callFrame.url.startsWith(prefix)) frame = nodes.get(parent.get(frame.id));
    if (!frame) continue;
    total += ms;
    const where = `${frame.callFrame.functionName || '(anonymous)'} ${frame.callFrame.url.slice(prefix.length)}:${frame.callFrame.lineNumber + 1}`;
    const inside = leaf === frame ? '' : ` > ${leaf.callFrame.functionName || leaf.callFrame.url || '(native)'}`;
    byFunction.set(where + inside, (byFunction.get(where + inside) || 0) + ms);
  }
  return { total, top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 20), longest: longestStretch(spans, nodes, parent, prefix) };
}

// The longest run of samples in the extension's code without a break (roughly its longest task),
// and where its time went: entry point … innermost extension function > browser call.
function longestStretch(spans, nodes, parent, prefix) {
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.slice(prefix.length)}:${n.callFrame.lineNumber + 1}`;
  // The outermost and the innermost extension frame of a sample, and the browser call it was in.
  const entryOf = (id) => {
    const leaf = nodes.get(id);
    let outer = null;
    let inner = null;
    for (let n = leaf; n; n = nodes.get(parent.get(n.id))) {
      if (!n.callFrame.url.startsWith(prefix)) continue;
      outer = n;
      inner ??= n;
    }
    if (!outer) return null;
    const call = leaf === inner ? '' : ` > ${leaf.callFrame.functionName || '(native)'}`;
    return outer === inner ? `${name(inner)}${call}` : `${name(outer)} … ${name(inner)}${call}`;
  };
  let best = { ms: 0, entries: new Map() };
  let run = { ms: 0, entries: new Map() };
  for (const { id, ms } of spans) {
    const entry = entryOf(id);
    if (!entry) { run = { ms: 0, entries: new Map() }; continue; }
    run.ms += ms;
    run.entries.set(entry, (run.entries.get(entry) || 0) + ms);
    if (run.ms > best.ms) best = run;
  }
  return { ms: best.ms, entries: [...best.entries].sort((a, b) => b[1] - a[1]).slice(0, 5) };
}

function print(title, { total, top, longest }) {
  console.log(`\n${title}: ${total.toFixed(1)} ms sampled in the extension's code`);
  for (const [where, ms] of top) console.log(`${ms.toFixed(1).padStart(8)} ms  ${where}`);
  console.log(`longest unbroken stretch in the extension's code: ${longest.ms.toFixed(1)} ms, spent in:`);
  for (const [where, ms] of longest.entries) console.log(`${ms.toFixed(1).padStart(8)} ms  ${where}`);
}

const server = await servePages([page]);
const browser = await launchBrowser();
try {
  const prefix = `chrome-extension://${new URL(browser.worker.url()).host}/`;
  const tab = await offlineTab(browser.context);
  const url = `${server.origin}/${page.file}`;
  let stop = await traceMainThread(browser.context, tab);
  await tab.goto(url, { waitUntil: 'load', timeout: 60000 });
  await reportOf(browser.worker, url, (r) => r.stats.blocks > 0, 60000);
  await tab.waitForTimeout(1000);
  print(`${page.name}, full scan`, summarise(await stop(), prefix));
  stop = await traceMainThread(browser.context, tab);
  await tab.evaluate(addParagraph, ADDED_PARAGRAPH);
  await tab.waitForTimeout(2000); // read, judged and drawn (a page at the block limit leaves it out of the report)
  print(`${page.name}, one paragraph added`, summarise(await stop(), prefix));
  stop = await traceMainThread(browser.context, tab);
  await tab.evaluate(addSlot, ADDED_SLOT);
  await tab.waitForTimeout(2000);
  print(`${page.name}, one ad slot added`, summarise(await stop(), prefix));
} finally {
  await browser.close();
  await server.close();
}
