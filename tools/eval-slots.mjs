// Slots found per real publisher page, next to the ad markers counted in its raw HTML.
//   node tools/eval-slots.mjs [../shared/data/pages]
// Reads the saved pages of ../shared/data/pages (never part of the project: see its README) with
// the CLI (target/release/brandlens, so the same reader and EasyList rules as the extension's
// reading of saved HTML) and prints a Markdown table. The pages are mostly pre-JavaScript
// snapshots: slots are empty containers, so advertisers are not expected here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages = process.argv[2] || join(root, '..', 'shared', 'data', 'pages');
const manifestPath = join(pages, 'manifest.csv');
if (!existsSync(manifestPath)) {
  console.error(`tools/eval-slots.mjs: ${manifestPath} is absent; the real pages live outside the project (../shared/data/pages). Nothing measured.`);
  process.exit(2);
}
const cli = join(root, 'target', 'release', 'brandlens');
if (!existsSync(cli)) {
  console.error('tools/eval-slots.mjs: target/release/brandlens is missing: run ./build.sh first');
  process.exit(2);
}

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const MARKERS = ['div_gpt_ad', 'adsbygoogle', 'data_ad_attr', 'prebid', 'taboola', 'outbrain', 'easylist_generic_hide_hits', 'easylist_site_specific_hide_hits', 'easylistdutch_generic_hide_hits'];
const rows = parseCsv(readFileSync(manifestPath, 'utf8'));
const lines = [
  `| page | slots | by kind | ${MARKERS.join(' | ')} |`,
  `|---|---|---|${MARKERS.map(() => '---').join('|')}|`,
];
let total = 0, pagesWithSlots = 0, markedPages = 0, markedFound = 0;
for (const r of rows) {
  const started = Date.now();
  const report = JSON.parse(execFileSync(cli, ['scan', join(pages, r.file), '--url', r.url], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const kinds = {};
  for (const ad of report.ads) kinds[ad.kind] = (kinds[ad.kind] || 0) + 1;
  const byKind = Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  total += report.ads.length;
  if (report.ads.length) pagesWithSlots++;
  if (r.has_ad_markup === 'yes') { markedPages++; if (report.ads.length) markedFound++; }
  lines.push(`| ${r.id} ${r.site} | ${report.ads.length} | ${byKind || '-'} | ${MARKERS.map((m) => r[m] || '0').join(' | ')} |`);
  process.stderr.write(`${r.id}: ${report.ads.length} slots (${Date.now() - started} ms)\n`);
}
console.log(lines.join('\n'));
console.log(`\n${rows.length} pages, ${total} slots; ${pagesWithSlots} pages with slots; ${markedFound} of ${markedPages} pages with ad markup have at least one slot.`);
