// Evidence export: a page's report as CSV, the history as CSV, and a screenshot of the visible tab
// with the overlay drawn under a header stating the URL, time, extension version and profile used.
import { api } from './api.js';

// Quoted, and defused: a cell that starts like a spreadsheet formula gets a leading apostrophe, so
// page text cannot run as a formula when a reviewer opens the file.
function cell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export const toCsv = (rows) => rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';

const plain = (v) => (v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}: ${plain(x)}`).join('; ') : v);

// One row per ad, per piece of evidence and per brand mention; `record` says which.
export function reportCsv(report) {
  const rows = [['record', 'url', 'ad_id', 'advertiser', 'domain', 'profile', 'risk', 'topic', 'tier', 'term', 'snippet', 'rule',
    'sentiment', 'situation', 'speaker', 'urgency', 'advice']];
  for (const ad of report.ads) {
    const warned = ad.topics.filter((t) => t.warns).map((t) => `${t.name}: ${t.tier}`).join('; ');
    rows.push(['ad', report.url, ad.id, ad.advertiser.brand, ad.advertiser.domain, ad.profile, ad.risk, warned, '', '',
      ad.reasons.join(' '), '', '', '', '', '', '']);
  }
  for (const topic of report.topics) {
    for (const ev of topic.evidence) {
      rows.push(['evidence', report.url, '', '', '', '', '', topic.name, topic.tier, ev.term, ev.snippet, ev.rule, '', '', '', '', '']);
    }
  }
  for (const m of report.mentions) {
    rows.push(['mention', report.url, '', m.brand, '', '', '', '', '', '', m.snippet, '', m.sentiment, m.situation,
      plain(m.speaker), plain(m.urgency), plain(m.advice)]);
  }
  return toCsv(rows);
}

export function historyCsv(history) {
  const rows = [['url', 'time', 'title', 'topics', 'ads']];
  for (const e of history) {
    rows.push([e.url, e.time, e.title, e.topics.map((t) => `${t.name}: ${t.tier}`).join('; '),
      e.ads.map((a) => `${a.advertiser ?? '?'}: ${a.risk}`).join('; ')]);
  }
  return toCsv(rows);
}

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// The tab must be the visible one in its window (the browser only captures what is shown).
export async function screenshot(tabId, profileNames, time = new Date()) {
  const tab = await api.tabs.get(tabId);
  if (!tab.active) throw new Error(api.i18n.getMessage('screenshotNotVisible') || 'The tab is not visible');
  const shot = await api.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
  const image = await createImageBitmap(await (await fetch(shot)).blob());
  const msg = (key, value) => `${api.i18n.getMessage(key)}: ${value}`;
  const lines = [
    msg('headerUrl', tab.url),
    msg('headerTime', time.toISOString()),
    msg('headerVersion', `BrandLens ${api.runtime.getManifest().version}`),
    msg('headerProfile', profileNames.length ? profileNames.join(', ') : api.i18n.getMessage('noProfile')),
  ];
  const lineHeight = 20;
  const header = 12 + lines.length * lineHeight;
  const canvas = new OffscreenCanvas(image.width, image.height + header);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1a1a1a';
  ctx.fillRect(0, 0, canvas.width, header);
  ctx.fillStyle = '#ffffff';
  ctx.font = '14px monospace';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, 10, 8 + i * lineHeight, canvas.width - 20));
  ctx.drawImage(image, 0, header);
  const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  return { dataUrl: `data:image/png;base64,${base64(png)}`, header: lines, width: canvas.width, height: canvas.height };
}
