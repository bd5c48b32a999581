// Gathers every benchmark figure of BENCHMARKS.md, prints each beside its budget with OVER or UNDER,
// and rewrites BENCHMARKS.md (its notes section is kept). Run through tools/bench.sh, which runs the
// core benchmark (cargo bench) first and hands its results over:
//   node tools/bench.mjs --core test-output/bench/core.json [--quick]
// --quick: a short run (fewer pages and repeats, smaller generated pages) that does not touch
// BENCHMARKS.md.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REAL_PAGES, generatedPages, lexiconPhrases, realPages, runBrowserBench } from '../benches/browser.mjs';
import { root } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const corePath = args.includes('--core') ? args[args.indexOf('--core') + 1] : null;
const NOTES_MARKER = '<!-- Notes below this line are kept when tools/bench.sh rewrites the file. -->';

const BUDGETS = {
  coreRatio: 2,
  mainThreadRatio: 1.5,
  longTaskMs: 50,
  peerSpeedup: 10,
  incrementalShare: 0.05,
  coldStartMs: 150,
  workerMb: 40,
  contentScriptMb: 5,
  wasmGzipKb: 600,
  packageMb: 3,
};

const rows = [];
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const percent = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
// One figure: `under` says whether it keeps to its budget (null: no budget).
function figure(number, what, value, budget, under) {
  const verdict = under === null ? '' : under ? 'UNDER' : 'OVER';
  rows.push({ number, what, value, budget, verdict });
  console.log(`${number}. ${what}: ${value} (budget ${budget}) ${verdict}`);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sum = (values) => values.reduce((a, b) => a + b, 0);
const worst = (items, key, highest = true) => [...items].sort((a, b) => (highest ? key(b) - key(a) : key(a) - key(b)))[0];

// 1. Core, native: from cargo bench.
function coreFigures() {
  if (!corePath || !existsSync(corePath)) {
    figure(1, 'core: judging / bare Aho-Corasick scan', 'not run', `<= ${BUDGETS.coreRatio}x`, false);
    return;
  }
  for (const f of JSON.parse(readFileSync(corePath, 'utf8')).figures) {
    figure(1, `core: judging / bare Aho-Corasick scan, ${f.corpus} (${(f.textBytes / 1e6).toFixed(1)} MB)`,
      `${fmt(f.ratio)}x (${fmt(f.judgeMs, 1)} ms / ${fmt(f.bareMs, 1)} ms; worst page ${fmt(f.worstRatio)}x)`,
      `<= ${BUDGETS.coreRatio}x`, f.ratio <= BUDGETS.coreRatio);
  }
}

// 2 to 5, from the browser.
function browserFigures(results) {
  const ok = results.pages.filter((p) => !p.error);
  const real = ok.filter((p) => !p.generated);
  const generated = ok.filter((p) => p.generated);
  const mainRatio = (p) => p.mainMs / p.bareMs;
  if (real.length) {
    figure(2, `main thread / bare TreeWalker, real pages (${real.length}), median page`, `${fmt(median(real.map(mainRatio)))}x`,
      `<= ${BUDGETS.mainThreadRatio}x`, median(real.map(mainRatio)) <= BUDGETS.mainThreadRatio);
    const w = worst(real, mainRatio);
    figure(2, 'main thread / bare TreeWalker, real pages, worst page', `${fmt(mainRatio(w))}x (${w.name}: ${fmt(w.mainMs, 1)} ms / ${fmt(w.bareMs, 1)} ms)`,
      `<= ${BUDGETS.mainThreadRatio}x`, mainRatio(w) <= BUDGETS.mainThreadRatio);
  }
  // The floor: no extension that reads a page's text and sends it to its worker gets nearer the
  // bare pass than this (benches/minimal-reader); no budget, it says what the 1.5x is measured from.
  const floored = real.filter((p) => Number.isFinite(p.floorMs));
  if (floored.length) {
    const floorRatio = (p) => p.floorMs / p.bareMs;
    figure(2, `floor: a minimal extension that only reads all text and sends it / bare TreeWalker, real pages (${floored.length}), median page`,
      `${fmt(median(floored.map(floorRatio)))}x (${fmt(median(floored.map((p) => p.floorMs)), 1)} ms; BrandLens / minimal extension ${fmt(median(floored.map((p) => p.mainMs / p.floorMs)))}x)`,
      'none', null);
  }
  for (const p of generated) {
    figure(2, `main thread / bare TreeWalker, ${p.name}`, `${fmt(mainRatio(p))}x (${fmt(p.mainMs, 1)} ms / ${fmt(p.bareMs, 1)} ms)`,
      `<= ${BUDGETS.mainThreadRatio}x`, mainRatio(p) <= BUDGETS.mainThreadRatio);
  }
  const longest = worst(ok, (p) => Math.max(p.maxTaskMs, p.paragraph?.maxTaskMs || 0, p.slot?.maxTaskMs || 0));
  const longestMs = Math.max(longest.maxTaskMs, longest.paragraph?.maxTaskMs || 0, longest.slot?.maxTaskMs || 0);
  const pagesOver = ok.filter((p) => p.over50 > 0).length;
  figure(2, 'longest main-thread task of the extension, any page', `${fmt(longestMs, 1)} ms (${longest.name}; ${pagesOver} of ${ok.length} pages have a task over 50 ms)`,
    `<= ${BUDGETS.longTaskMs} ms`, longestMs <= BUDGETS.longTaskMs);

  const judged = ok.filter((p) => p.peer);
  const speedup = (p) => p.peer.peerMs / p.peer.brandlensMs;
  if (real.length) {
    const r = judged.filter((p) => !p.generated);
    const total = sum(r.map((p) => p.peer.peerMs)) / sum(r.map((p) => p.peer.brandlensMs));
    figure(3, `judging speed-up over the peer (one big regex), real pages (${r.length}), all text`, `${fmt(total, 1)}x (${fmt(sum(r.map((p) => p.peer.peerMs)), 0)} ms / ${fmt(sum(r.map((p) => p.peer.brandlensMs)), 0)} ms)`,
      `>= ${BUDGETS.peerSpeedup}x`, total >= BUDGETS.peerSpeedup);
    const w = worst(r, speedup, false);
    figure(3, 'judging speed-up over the peer, real pages, worst page', `${fmt(speedup(w), 1)}x (${w.name}: ${fmt(w.peer.peerMs, 1)} ms / ${fmt(w.peer.brandlensMs, 1)} ms)`,
      `>= ${BUDGETS.peerSpeedup}x`, speedup(w) >= BUDGETS.peerSpeedup);
  }
  for (const p of judged.filter((p) => p.generated)) {
    figure(3, `judging speed-up over the peer, ${p.name}`, `${fmt(speedup(p), 1)}x (${fmt(p.peer.peerMs, 0)} ms / ${fmt(p.peer.brandlensMs, 0)} ms)`,
      `>= ${BUDGETS.peerSpeedup}x`, speedup(p) >= BUDGETS.peerSpeedup);
  }

  // 4. A change costs main-thread time plus the worker's judging, against the same for the full scan.
  const cost = (m) => m.mainMs + m.judgeMs;
  for (const change of ['paragraph', 'slot']) {
    const measured = ok.filter((p) => p[change]);
    const share = (p) => cost(p[change]) / cost(p);
    const mainShare = (p) => p[change].mainMs / p.mainMs;
    const what = change === 'paragraph' ? 'one paragraph added' : 'one ad slot added';
    const r = measured.filter((p) => !p.generated);
    if (r.length) {
      figure(4, `${what} / full scan, real pages, median page`, `${percent(median(r.map(share)))} (main thread alone ${percent(median(r.map(mainShare)))})`,
        `<= ${percent(BUDGETS.incrementalShare)}`, median(r.map(share)) <= BUDGETS.incrementalShare);
      const w = worst(r, share);
      figure(4, `${what} / full scan, real pages, worst page`, `${percent(share(w))} (${w.name}; main thread alone ${percent(mainShare(w))})`,
        `<= ${percent(BUDGETS.incrementalShare)}`, share(w) <= BUDGETS.incrementalShare);
    }
    for (const p of measured.filter((p) => p.generated)) {
      figure(4, `${what} / full scan, ${p.name}`, `${percent(share(p))} (main thread alone ${percent(mainShare(p))})`,
        `<= ${percent(BUDGETS.incrementalShare)}`, share(p) <= BUDGETS.incrementalShare);
    }
  }

  // 5. Cold start and memory.
  const cold = results.coldStarts;
  figure(5, 'service-worker cold start: engine ready with EasyList + EasyList Dutch (median of 3)',
    `${fmt(results.medianColdStartMs, 1)} ms (runs ${cold.map((c) => fmt(c.readyMs, 0)).join(', ')} ms; engine alone ${fmt(median(cold.map((c) => c.engineMs)), 0)} ms; ` +
    `then a first judgement in Dutch ${fmt(median(cold.map((c) => c.firstJudgementMs)), 0)} ms; ` +
    `wasm and cached rules read in ${fmt(median(cold.map((c) => c.filters.initMs)), 0)} ms; rules from ${[...new Set(cold.map((c) => c.filters.from))].join(', ')}; first start ever compiled the lists in ${fmt(results.firstStart?.loadMs, 0)} ms)`,
    `<= ${BUDGETS.coldStartMs} ms`, results.medianColdStartMs <= BUDGETS.coldStartMs);
  const m = results.memory;
  // Anonymous memory is what the worker holds; the process's whole private memory also counts pages
  // of Chromium's files as long as no other process maps them (benches/browser.mjs, privateMemoryMb).
  const workerMb = Math.max(m.workerAfterPages?.anonymousMb ?? NaN, m.workerAfterColdStart?.anonymousMb ?? NaN);
  const both = (x) => `${fmt(x?.anonymousMb, 1)} MB (${fmt(x?.privateMb, 1)} MB)`;
  figure(5, 'worker memory: extension process, anonymous (in brackets all private: Chromium\'s file pages too); idle after a cold start; after judging the largest pages',
    `${both(m.workerAfterColdStart)}; ${both(m.workerAfterPages)} (an empty extension's worker process: ${both(m.emptyExtension)})`,
    `<= ${BUDGETS.workerMb} MB`, workerMb <= BUDGETS.workerMb);
  for (const c of m.contentScripts || []) {
    figure(5, `content script memory: page JS heap with the extension minus without, ${c.page}`,
      `${fmt(c.contentScriptMb, 2)} MB (${fmt(c.withMb, 1)} MB / ${fmt(c.withoutMb, 1)} MB)`,
      `<= ${BUDGETS.contentScriptMb} MB`, c.contentScriptMb <= BUDGETS.contentScriptMb);
  }
}

// 6. Sizes of what build.sh made.
function sizeFigures() {
  const wasm = readFileSync(join(root, 'dist/chrome/pkg/brandlens_bg.wasm'));
  const gzipKb = gzipSync(wasm, { level: 9 }).length / 1024;
  figure(6, 'wasm of the core, gzipped (dist/chrome/pkg/brandlens_bg.wasm)', `${fmt(gzipKb, 0)} KB (${fmt(wasm.length / 1024, 0)} KB raw)`,
    `<= ${BUDGETS.wasmGzipKb} KB`, gzipKb <= BUDGETS.wasmGzipKb);
  const zipMb = statSync(join(root, 'dist/brandlens-chrome.zip')).size / 1048576;
  figure(6, 'extension package (dist/brandlens-chrome.zip)', `${fmt(zipMb, 2)} MB`, `<= ${BUDGETS.packageMb} MB`, zipMb <= BUDGETS.packageMb);
}

// 7. CLI throughput: one `brandlens audit` over all real pages (one engine, a thread per job), on one
// thread and on as many as there are cores.
function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'target/release/brandlens'), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`brandlens ${args.join(' ')}: ${stderr}`))));
    child.stdin.end(); // `judge` reads an empty text
  });
}

async function pagesPerSecond(pages, jobs) {
  const list = join(root, 'test-output/bench/pages.tsv');
  writeFileSync(list, pages.map((p) => `${p.path}\t${p.url}\n`).join(''));
  const start = performance.now();
  await runCli(['audit', '--jobs', String(jobs), '--list', list]);
  return pages.length / ((performance.now() - start) / 1000);
}

async function cliFigures(real) {
  if (!real) {
    figure(7, 'CLI throughput', `not measured: ${REAL_PAGES} is absent`, 'none', null);
    return;
  }
  const rounds = quick ? 1 : 3;
  const cores = availableParallelism();
  const one = [];
  const all = [];
  for (let i = 0; i < rounds; i++) {
    one.push(await pagesPerSecond(real, 1));
    all.push(await pagesPerSecond(real, cores));
  }
  const startup = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await runCli(['judge']); // an empty text: the process's start and the engine's set-up
    startup.push(performance.now() - start);
  }
  figure(7, `CLI throughput, ${real.length} real pages, one core (brandlens audit --jobs 1)`, `${fmt(median(one), 1)} pages/s`, 'none', null);
  figure(7, `CLI throughput, ${real.length} real pages, all ${cores} cores (--jobs ${cores})`, `${fmt(median(all), 1)} pages/s (${fmt(median(all) / median(one), 2)}x one core; a process's start and engine set-up: ${fmt(median(startup), 0)} ms, once per audit)`, 'none', null);
}

function machine() {
  const cpu = cpus()[0]?.model || 'unknown CPU';
  const chromium = (() => { try { return execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch (_) { return 'Chromium ?'; } })();
  const rustc = (() => { try { return execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim(); } catch (_) { return 'rustc ?'; } })();
  return `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 1073741824).toFixed(1)} GB; ${chromium}; ${rustc}; node ${process.version}`;
}

// The commit measured, when this is a git checkout.
function commit() {
  try {
    const hash = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return `${hash}${dirty ? ' with uncommitted changes' : ''}`;
  } catch (_) {
    return 'not a git checkout';
  }
}

function pageTable(results) {
  const lines = ['| page | blocks | text (chars) | main thread | bare TreeWalker | ratio | minimal extension | longest task | judging (full scan) | peer | paragraph added | slot added |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const p of results.pages) {
    if (p.error) { lines.push(`| ${p.name} | error: ${p.error.replace(/\|/g, '/')} ||||||||||| `); continue; }
    const change = (c) => (c ? `${fmt(c.mainMs, 1)} + ${fmt(c.judgeMs, 1)} ms` : '-');
    const skipped = p.skipped?.length ? ` (skipped: ${[...new Set(p.skipped)].join(', ')})` : '';
    lines.push(`| ${p.name} | ${p.blocks}${skipped} | ${p.textChars} | ${fmt(p.mainMs, 1)} ms | ${fmt(p.bareMs, 3)} ms | ${fmt(p.mainMs / p.bareMs, 0)}x | ${fmt(p.floorMs, 1)} ms | ${fmt(p.maxTaskMs, 1)} ms | ` +
      `${fmt(p.peer?.brandlensMs, 1)} ms (${fmt(p.peer?.fullScanMs, 1)} ms) | ${fmt(p.peer?.peerMs, 1)} ms (${p.peer?.peerMatches} matches) | ${change(p.paragraph)} | ${change(p.slot)} |`);
  }
  return lines.join('\n');
}

function writeBenchmarks(results, started) {
  const path = join(root, 'BENCHMARKS.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER) + NOTES_MARKER.length) : '\n';
  const table = ['| # | figure | value | budget | |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.number} | ${r.what} | ${r.value.replace(/\|/g, '/')} | ${r.budget} | ${r.verdict} |`)];
  const text = `# Benchmarks

Written by \`tools/bench.sh\` (issue 7); rerun it to reproduce. Figures are ratios measured in one run
where they can be: absolute times drift on shared machines.

- Command: \`tools/bench.sh\` (after \`./build.sh\`)
- Date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')}; commit: ${commit()}
- Machine: ${machine()}
- Real pages: ${results.realCount ? `${results.realCount} pages of ../shared/data/pages (read at run time, never copied)` : 'absent (../shared/data/pages): generated pages only'}

${table.join('\n')}

How each figure is measured: the "Benchmarks" section of README.md.

## Per page

Main thread: the extension's time on the page's main thread from the start of loading until the
report is drawn (Chromium trace and V8 CPU profile, sampling every 250 µs: \`benches/mainthread.mjs\`).
Bare TreeWalker: one pass that reads every text node of the body, under the same profiler (the mean
of repeated passes over at least 50 ms). Minimal extension: the main-thread time, traced the same
way, of an extension that only reads every text node and sends the text to its worker
(\`benches/minimal-reader\`): the floor for any extension that judges text in its worker. Judging: the engine's \`scan\` of the page's text blocks (the snapshot without its ad slots)
in the service worker, and in brackets of the whole snapshot (advertisers and adjacency too);
peer: the page's lexicon as one big case-insensitive regular expression over the same blocks (median of
${results.repeats}). Paragraph and slot added: main-thread time + the worker's judging time for the change.

${pageTable(results)}

${NOTES_MARKER}${notes}`;
  writeFileSync(path, text);
}

const started = new Date();
coreFigures();
const real = quick ? realPages(REAL_PAGES, 3) : realPages();
if (!real) console.log(`${REAL_PAGES} is absent: the real pages are not measured; generated pages only`);
const repeats = quick ? 1 : 5;
const results = await runBrowserBench({
  real,
  generated: generatedPages(lexiconPhrases(), quick ? 0.05 : 1),
  repeats,
  log: (line) => console.log(`  ${line}`),
});
results.realCount = real?.length || 0;
results.repeats = repeats;
browserFigures(results);
sizeFigures();
await cliFigures(real);
mkdirSync(join(root, 'test-output', 'bench'), { recursive: true });
writeFileSync(join(root, 'test-output', 'bench', 'browser.json'), JSON.stringify(results, null, 2));
if (quick) console.log('quick run: BENCHMARKS.md left as it is');
else {
  writeBenchmarks(results, started);
  console.log('BENCHMARKS.md rewritten');
}
