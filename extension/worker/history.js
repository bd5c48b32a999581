// Site history for media buyers: every scanned page (URL, time, topics, ads and their risk), kept
// in extension storage on this device only, with a per-site summary. Shared by the worker (which
// records) and the extension pages (which show, export and clear).
import { api } from './api.js';
import { RISKY } from './badge.js';

// Oldest pages are dropped beyond this many, so storage stays small.
export const HISTORY_LIMIT = 5000;

export function entryOf(report, time = new Date().toISOString()) {
  return {
    url: report.url,
    title: report.title,
    time,
    language: report.language,
    topics: report.topics.map((t) => ({ id: t.id, name: t.name, tier: t.tier })),
    ads: report.ads.map((a) => ({ id: a.id, advertiser: a.advertiser.brand ?? a.advertiser.domain ?? null, risk: a.risk })),
  };
}

export async function loadHistory() {
  return (await api.storage.local.get('history')).history ?? [];
}

export function clearHistory() {
  return api.storage.local.remove('history');
}

let writing = Promise.resolve();

// A page's report is refined as its ad frames report in, so a page keeps one entry: the latest.
export function recordReport(report) {
  if (!/^https?:/.test(report.url)) return writing;
  writing = writing.then(async () => {
    const history = (await loadHistory()).filter((e) => e.url !== report.url);
    history.unshift(entryOf(report));
    await api.storage.local.set({ history: history.slice(0, HISTORY_LIMIT) });
  }).catch((e) => console.error('BrandLens history:', e));
  return writing;
}

const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch (_) {
    return url;
  }
};

// One row per site, most scanned first: pages, share of pages with a risky placement, top topics
// (by pages they were found on) and the advertisers seen.
export function siteSummaries(history) {
  const sites = new Map();
  for (const entry of history) {
    const site = hostOf(entry.url);
    let s = sites.get(site);
    if (!s) sites.set(site, s = { site, pages: 0, riskyPages: 0, topics: new Map(), advertisers: new Set() });
    s.pages += 1;
    if (entry.ads.some((a) => RISKY.has(a.risk))) s.riskyPages += 1;
    for (const t of entry.topics) s.topics.set(t.name, (s.topics.get(t.name) || 0) + 1);
    for (const a of entry.ads) if (a.advertiser) s.advertisers.add(a.advertiser);
  }
  return [...sites.values()].sort((a, b) => b.pages - a.pages || a.site.localeCompare(b.site)).map((s) => ({
    site: s.site,
    pages: s.pages,
    riskyShare: s.riskyPages / s.pages,
    topTopics: [...s.topics].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([name]) => name),
    advertisers: [...s.advertisers].sort(),
  }));
}
