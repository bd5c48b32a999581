// The reader tries only the ad selectors that can match a page (extension/content/selectors.js).
// Here, in Chromium, against the browser's own matching: no selector that selects an element is
// ever left out (over every EasyList rule the worker gives for the fixture pages, and the slot
// signatures), most that select nothing are, and a table of the cases the parser must get right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, root, startSites } from './harness.mjs';

const SELECTORS_JS = readFileSync(join(root, 'extension', 'content', 'selectors.js'), 'utf8');
const SIGNATURES = JSON.parse(readFileSync(join(root, 'data', 'ad_signatures.json'), 'utf8')).slotSelectors.map((s) => s.selector);

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

// Opens `file` and loads selectors.js into the page (through the debugger, past the page's CSP).
async function openWithSelectors(file) {
  const page = await browser.context.newPage();
  await page.goto(`${sites.origins.publisher}/${file}`);
  await page.evaluate(SELECTORS_JS);
  return page;
}

// In the page: the facts of every element under body, and for each selector whether the browser
// finds an element (null: a selector it does not know) and whether canMatch keeps it.
function judgeSelectors(selectors) {
  const facts = new BrandLensSelectors.PageFacts();
  for (const el of document.body.querySelectorAll('*')) facts.add(el, el.hasAttributes());
  facts.add(document.body, document.body.hasAttributes());
  return selectors.map((selector) => {
    let found = null;
    try {
      found = document.body.matches(selector) || document.body.querySelector(selector) !== null;
    } catch (_) { /* unknown to this browser */ }
    return { selector, found, kept: BrandLensSelectors.canMatch(selector, facts) };
  });
}

for (const file of ['slots.html', 'zedenzaak.html', 'late.html', 'sport.html']) {
  test(`${file}: every EasyList rule and slot signature that selects an element is kept`, async () => {
    const page = await openWithSelectors(file);
    const { classes, ids } = await page.evaluate(() => {
      const all = [...document.body.querySelectorAll('*'), document.body];
      return { classes: [...new Set(all.flatMap((el) => [...el.classList]))], ids: [...new Set(all.map((el) => el.id).filter(Boolean))] };
    });
    const easylist = await browser.worker.evaluate(([url, c, i]) => globalThis.brandlens.cosmeticSelectors(url, c, i), [page.url(), classes, ids]);
    assert.ok(easylist.length > 300, `the worker gave ${easylist.length} rules`);
    const results = await page.evaluate(judgeSelectors, [...easylist, ...SIGNATURES]);
    const lost = results.filter((r) => r.found && !r.kept);
    assert.deepEqual(lost, [], 'a selector that selects an element was left out');
    const unmatched = results.filter((r) => r.found === false);
    const leftOut = unmatched.filter((r) => !r.kept).length;
    // Most rules name a class, id, tag or address the page does not have.
    assert.ok(leftOut / unmatched.length > 0.6, `only ${leftOut} of ${unmatched.length} selectors that select nothing were left out`);
    await page.close();
  });
}

test('the selector table: what is left out, and what is kept because it could match', async () => {
  const page = await openWithSelectors('plain.html');
  const table = await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', `
      <div id="div-gpt-ad-123" class="Ad-Box  wide&#10;Sponsored" lang="en-GB" data-slot="top"></div>
      <a href="https://ads.example.com/click?x=1">ad</a>
      <AMP-AD></AMP-AD>
      <svg><foreignObject></foreignObject></svg>`);
    const facts = new BrandLensSelectors.PageFacts();
    for (const el of document.body.querySelectorAll('*')) facts.add(el, el.hasAttributes());
    const cases = [
      // [selector, kept]
      ["div[id^='div-gpt-ad']", true],
      ['[id^="prebid"]', false],
      ['.ad-box', true], // class names compared without case (quirks mode matches them so)
      ['.sponsored', true], // after a line feed in the class attribute
      ['.ad', false],
      ['#DIV-GPT-AD-123', true],
      ['amp-ad', true],
      ['dfp-ad', false],
      ['foreignobject', true],
      ['a[href^="https://ads.example.com/"]', true],
      ['a[href^="https://ads.example.net/"]', false],
      ['a[href="https://ads.example.com/click?x=1"]', true],
      ['[href$="x=1"]', true],
      ['[href*="example.com/cl"]', true],
      ['[href*="doubleclick"]', false],
      ['[href^="https://ads.example.com/"] > iframe', false], // the subject is the iframe
      ['div > a[href*="example"]', true],
      ['[data-slot]', true],
      ['[data-slot="bottom"]', true], // values of other attributes are not kept: kept
      ['[data-ad-unit]', false],
      ['[class~="wide"]', true],
      ['[class~="wid"]', false],
      ['[class*="box  wide"]', true],
      ['[lang|="en"]', true],
      ['p:not(.x)', true],
      ['table:not(.x)', false],
      ['.ad-box:has(> img), .nothing', true],
      ['.nothing, .missing', false],
      ['.ad\\:box', true], // an escape: not read, kept
      ['.é', true], // a non-ASCII name: not read, kept
      ['svg|rect', true], // a namespace: kept
      ['[title="a]b"]', false],
      ['a[', true], // cannot be split: kept
    ];
    const results = cases.map(([selector, kept]) => ({ selector, kept, got: BrandLensSelectors.canMatch(selector, facts) }));
    // An id too long to keep (a page can make one megabytes long): every id test passes, others not.
    const long = document.createElement('div');
    long.id = 'x'.repeat(5000);
    facts.add(long, true);
    for (const [selector, kept] of [['#nothing-here', true], ['[id^="nothing"]', true], ['.nothing', false]]) {
      results.push({ selector: `(long id) ${selector}`, kept, got: BrandLensSelectors.canMatch(selector, facts) });
    }
    return results;
  });
  assert.deepEqual(table.filter((c) => c.kept !== c.got), []);
  await page.close();
});
