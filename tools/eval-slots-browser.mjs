// Slots found per real publisher page in Chromium with the built extension (dist/chrome), with a
// screenshot of each page (test-output/eval-slots/) for looking for false slots.
//   node tools/eval-slots-browser.mjs [../shared/data/pages] [FILE.html ...]
// Serves ../shared/data/pages (never part of the project: see its README) on a loopback origin;
// every other request is refused, so pages render as saved, without their scripts' network.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, reportOf, root } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const pages = args[0] && !args[0].endsWith('.html') ? args.shift() : join(root, '..', 'shared', 'data', 'pages');
if (!existsSync(join(pages, 'manifest.csv'))) {
  console.error(`tools/eval-slots-browser.mjs: ${pages}/manifest.csv is absent; the real pages live outside the project (../shared/data/pages). Nothing measured.`);
  process.exit(2);
}
const files = args.length ? args : readFileSync(join(pages, 'manifest.csv'), 'utf8').split('\n').slice(1)
  .map((l) => l.split(',')[1]).filter((f) => f && f.endsWith('.html'));
const out = join(root, 'test-output', 'eval-slots');
mkdirSync(out, { recursive: true });

const server = createServer((req, res) => {
  const file = join(pages, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(pages) || !file.endsWith('.html') || !existsSync(file)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();
console.log('| page | slots in Chromium | by kind |\n|---|---|---|');
for (const file of files) {
  const page = await browser.context.newPage();
  // Some saved pages send the browser to their own host when they find themselves elsewhere: that
  // navigation gets the same saved page, so it is read at its real address; all else is refused.
  let url = `${origin}/${file}`;
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
    const request = route.request();
    if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return route.abort();
    url = request.url();
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(join(pages, file)) });
  });
  const first = url;
  await page.goto(first, { waitUntil: 'load', timeout: 30000 }).catch(() => undefined);
  let line = `| ${file} | ? | no report |`;
  try {
    await page.waitForTimeout(500);
    const report = await reportOf(browser.worker, url, (r) => r.stats.blocks > 0, 20000);
    const kinds = {};
    for (const ad of report.ads) kinds[ad.kind] = (kinds[ad.kind] || 0) + 1;
    line = `| ${file} | ${report.ads.length} | ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ') || '-'} |`;
  } catch (_) { /* reported as no report */ }
  console.log(line);
  await page.screenshot({ path: join(out, `${file}.png`), fullPage: false }).catch(() => undefined);
  await page.close();
}
await browser.close();
server.close();
