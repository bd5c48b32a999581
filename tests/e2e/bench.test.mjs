// The browser benchmark (benches/browser.mjs) in a tiny mode: small generated pages, one real page
// when ../shared/data/pages is present, one run of each step. It checks that every figure is
// measured, not how fast: speed is what tools/bench.sh and BENCHMARKS.md show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedPages, lexiconPhrases, realPages, runBrowserBench } from '../../benches/browser.mjs';

const finite = (x) => Number.isFinite(x) && x >= 0;

test('the browser benchmark measures every figure', { timeout: 120000 }, async () => {
  const results = await runBrowserBench({ real: realPages(undefined, 1), generated: generatedPages(lexiconPhrases(), 0.01), repeats: 1 });
  assert.ok(results.pages.length >= 2);
  for (const page of results.pages) {
    assert.equal(page.error, undefined, `${page.name}: ${page.error}`);
    assert.ok(page.blocks > 0 && page.tasks > 0, `${page.name}: the extension read the page`);
    for (const x of [page.mainMs, page.maxTaskMs, page.bareMs, page.floorMs, page.judgeMs, page.peer.brandlensMs, page.peer.peerMs]) assert.ok(finite(x), page.name);
    assert.ok(page.peer.peerMatches > 0, `${page.name}: the peer finds the lexicons' phrases`);
    for (const change of [page.paragraph, page.slot]) assert.ok(finite(change.mainMs) && finite(change.judgeMs), page.name);
  }
  assert.equal(results.coldStarts.length, 3);
  for (const start of results.coldStarts) {
    assert.ok(finite(start.readyMs));
    assert.equal(start.filters.from, 'cache', 'a cold start reads the compiled EasyList rules from the cache');
  }
  for (const m of [results.memory.workerAfterColdStart, results.memory.emptyExtension]) assert.ok(finite(m.anonymousMb) && m.privateMb >= m.anonymousMb);
  for (const c of results.memory.contentScripts) assert.ok(Number.isFinite(c.contentScriptMb), c.page);
});
