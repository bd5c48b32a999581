// Shared by the end-to-end tests: serves fixture sites from two loopback origins (the publisher on
// 127.0.0.1, the ad server on localhost, so ads are cross-origin), starts Debian's Chromium with
// the built extension (dist/chrome), and gives access to the extension's service worker.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const outputDir = join(root, 'test-output', 'e2e');
const fixtures = join(here, 'fixtures');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.json': 'application/json' };

// Serves `dir`; in HTML and headers, {{AD_ORIGIN}}, {{PUBLISHER_ORIGIN}} and {{CREATIVE}} (the
// `creative` query parameter) are replaced. A sibling `<page>.headers.json` adds response headers.
export function serve(dir, host, origins, requests) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, `http://${host}`);
    requests.push({ host, method: req.method, url: url.href });
    const fill = (text) => text.replaceAll('{{AD_ORIGIN}}', origins.ad).replaceAll('{{PUBLISHER_ORIGIN}}', origins.publisher)
      .replaceAll('{{CREATIVE}}', (url.searchParams.get('creative') || '').replace(/[^a-z0-9-]/g, ''));
    const file = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir) || !existsSync(file) || !extname(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
    const extra = file.replace(/\.html$/, '.headers.json');
    if (extra !== file && existsSync(extra)) Object.assign(headers, JSON.parse(fill(readFileSync(extra, 'utf8'))));
    const body = readFileSync(file);
    res.writeHead(200, headers).end(extname(file) === '.html' ? fill(body.toString('utf8')) : body);
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}

export async function startSites() {
  const requests = [];
  const origins = {};
  const publisher = await serve(join(fixtures, 'publisher'), '127.0.0.1', origins, requests);
  const ad = await serve(join(fixtures, 'ads'), 'localhost', origins, requests);
  origins.publisher = `http://127.0.0.1:${publisher.address().port}`;
  origins.ad = `http://localhost:${ad.address().port}`;
  return { origins, requests, close: () => Promise.all([publisher, ad].map((s) => new Promise((r) => s.close(r)))) };
}

// `profileDir` reuses a browser profile (it is then kept on close: a browser restart);
// `extension` loads the extension from another directory (an update); `args` adds Chromium flags.
export async function launchBrowser({ locale = 'en-US', profileDir: reuse, extension = join(root, 'dist', 'chrome'), args = [] } = {}) {
  if (!existsSync(join(extension, 'manifest.json'))) throw new Error('dist/chrome is missing: run ./build.sh first');
  const profileDir = reuse ?? mkdtempSync(join(tmpdir(), 'brandlens-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false,
    locale,
    viewport: { width: 1200, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--lang=${locale}`,
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...args],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  // The engine is ready once the automation interface answers.
  await worker.evaluate(() => globalThis.brandlens.judgeText('warm-up', 'en'));
  return {
    context,
    worker,
    profileDir,
    async close() {
      await context.close();
      if (!reuse) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

// The tab id the extension knows a page by.
export async function tabIdOf(worker, url) {
  return worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
}

// The report of a page, once it satisfies `until` (reports are refined as ad frames report in).
export async function reportOf(worker, url, until = () => true, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const tabId = await tabIdOf(worker, url);
    if (tabId !== undefined) {
      last = await worker.evaluate((id) => globalThis.brandlens.report(id), tabId);
      if (until(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`report for ${url} never satisfied the test; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

export function screenshotPath(name) {
  mkdirSync(outputDir, { recursive: true });
  return join(outputDir, `${name}.png`);
}
