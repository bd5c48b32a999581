// The evidence exports the popup and the side panel offer for one page.
import { reportCsv } from '../worker/export.js';
import { ask, download, stamp } from './common.js';

const hostOf = (url) => new URL(url).hostname.replace(/[^a-z0-9.-]/gi, '_');

export function exportJson(report) {
  download(`brandlens-${hostOf(report.url)}-${stamp()}.json`, `${JSON.stringify(report, null, 2)}\n`);
}

export function exportCsv(report) {
  download(`brandlens-${hostOf(report.url)}-${stamp()}.csv`, reportCsv(report), 'text/csv');
}

export async function exportScreenshot(tab) {
  const shot = await ask('ui:screenshot', { tabId: tab.id });
  download(`brandlens-${hostOf(tab.url)}-${stamp()}.png`, shot.dataUrl);
  return shot;
}
