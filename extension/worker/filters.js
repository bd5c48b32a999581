// EasyList and EasyList Dutch cosmetic rules, with the user's own rules, loaded once per worker
// start. The first start compiles the lists (the bundled filters/*.txt, or copies refreshed from
// their public addresses when the user allows it on the options page) in the engine and keeps the
// compiled form (src/filters.rs: only the cosmetic rules, about 40% of the lists' bytes) in the
// extension's Cache Storage; every later cold start only reads that. How long loading took, and from
// where, is kept for tests and benchmarks (filtersInfo()).
import init, { CosmeticFilters } from '../pkg/brandlens.js';
import { api } from './api.js';

// Each list as bundled, and the public address the options page may refresh it from.
const LISTS = [
  { name: 'EasyList', bundled: 'filters/easylist.txt', url: 'https://easylist.to/easylist/easylist.txt' },
  { name: 'EasyList Dutch', bundled: 'filters/easylistdutch.txt', url: 'https://easylist-downloads.adblockplus.org/easylistdutch.txt' },
];
const CACHE = 'brandlens-filters';
// Refreshed lists are kept in Cache Storage under these (never fetched) keys, with their time.
const refreshedKey = (list) => `https://brandlens.invalid/filters/refreshed/${encodeURIComponent(list.url)}`;
// A refreshed copy is fetched again after a day; a download that fails is not retried for an hour.
const REFRESH_AFTER_MS = 24 * 3600 * 1000;
const RETRY_AFTER_MS = 3600 * 1000;
// A download that is no filter list (a captive portal's page, an error page) or is absurdly large
// is refused and the list in use stays.
const MAX_LIST_BYTES = 10 * 1024 * 1024;
const looksLikeFilterList = (text) => text.length > 1000 && text.length < MAX_LIST_BYTES && /^[^!\n]*##/m.test(text) && !/^\s*</.test(text);

let ready = null;
let info = { loaded: false, from: null, bytes: 0, loadMs: 0, error: null, lists: [] };
let lastFailure = 0;

async function settings() {
  return (await api.storage.local.get('settings')).settings ?? {};
}

// FNV-1a, to name a compiled form after the user's own rules it was compiled with.
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

// The lists in use: each list's refreshed copy where the user allows refreshing and one was
// fetched, else the bundled one; then the user's own rules (options page, one rule a line). Each
// says who it is (`id`) without reading its text, so a cold start with the compiled form cached
// reads no list at all; `text()` reads it when it must be compiled.
async function sources(cache) {
  const { refreshFilterLists = false, filterRules = '' } = await settings();
  const parts = [];
  for (const list of LISTS) {
    const refreshed = refreshFilterLists && cache ? await cache.match(refreshedKey(list)) : undefined;
    if (refreshed) {
      const at = refreshed.headers.get('x-fetched-at');
      parts.push({ name: list.name, from: 'refreshed', at, id: `refreshed ${at}`, text: () => refreshed.text() });
    } else {
      parts.push({ name: list.name, from: 'bundled', at: null, id: 'bundled', text: () => fetch(api.runtime.getURL(list.bundled)).then((r) => r.text()) });
    }
  }
  if (typeof filterRules === 'string' && filterRules.trim()) {
    parts.push({ name: 'own rules', from: 'options', at: null, rules: filterRules.split('\n').filter((l) => l.trim()).length,
      id: hash(filterRules), text: () => filterRules });
  }
  return parts;
}

// The compiled form belongs to one extension version (the engine and its bundled lists) and one
// set of lists.
const compiledKey = (parts) =>
  `https://brandlens.invalid/filters/compiled-${api.runtime.getManifest().version}-${hash(parts.map((p) => `${p.name}:${p.id}`).join('|'))}.dat`;

async function load() {
  const start = performance.now();
  // The wasm and the cached compiled rules are read at once.
  const cache = globalThis.caches ? await caches.open(CACHE) : null;
  const parts = await sources(cache);
  const lists = parts.map(({ id, text, ...shown }) => shown);
  const key = compiledKey(parts);
  const [, cached] = await Promise.all([
    init({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') }),
    cache ? cache.match(key).then((r) => r && r.arrayBuffer()) : undefined,
  ]);
  const initMs = performance.now() - start; // the wasm and any cached rules read
  let filters = null;
  let from = 'lists';
  let bytes = 0;
  if (cached) {
    const data = new Uint8Array(cached);
    try {
      filters = CosmeticFilters.fromBytes(data);
      from = 'cache';
      bytes = data.length;
    } catch (e) {
      console.warn('BrandLens: cached EasyList rules unreadable; compiling them again:', e.message);
    }
  }
  if (!filters) {
    filters = CosmeticFilters.fromLists(await Promise.all(parts.map((p) => p.text())));
    const data = filters.toBytes();
    bytes = data.length;
    if (cache) {
      // Compiled forms of other list texts are of no more use.
      for (const request of await cache.keys()) if (request.url.includes('/filters/compiled-')) await cache.delete(request);
      await cache.put(key, new Response(data)).catch((e) => console.warn('BrandLens: compiled EasyList rules not cached:', e));
    }
  }
  info = { loaded: true, from, bytes, loadMs: performance.now() - start, initMs, error: null, lists };
  return filters;
}

function filters() {
  ready ??= load().catch((e) => {
    // Without EasyList the signatures still find slots; say so rather than fail every page.
    info = { ...info, error: String(e?.message || e) };
    console.error('BrandLens: EasyList rules could not be loaded:', e);
    ready = null;
    return null;
  });
  return ready;
}

// Downloads the public lists when the user allows it and the copies in use are older than a day.
// These are the only requests BrandLens ever makes (docs/privacy.md). Returns whether any list
// changed; the rules in use change only when a download is a valid list.
export async function refreshLists({ force = false } = {}) {
  const { refreshFilterLists = false } = await settings();
  if (!refreshFilterLists || !globalThis.caches) return false;
  if (!force && Date.now() - lastFailure < RETRY_AFTER_MS) return false;
  const cache = await caches.open(CACHE);
  let changed = false;
  for (const list of LISTS) {
    const current = await cache.match(refreshedKey(list));
    const at = Date.parse(current?.headers.get('x-fetched-at') ?? '');
    if (!force && current && Date.now() - at < REFRESH_AFTER_MS) continue;
    try {
      const response = await fetch(list.url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (!response.ok) throw new Error(`${list.url}: HTTP ${response.status}`);
      const text = await response.text();
      if (!looksLikeFilterList(text)) throw new Error(`${list.url}: not a filter list`);
      await cache.put(refreshedKey(list), new Response(text, { headers: { 'x-fetched-at': new Date().toISOString() } }));
      changed = true;
    } catch (e) {
      lastFailure = Date.now();
      info = { ...info, refreshError: String(e?.message || e) };
      console.warn('BrandLens: filter list not refreshed; the one in use stays:', e);
    }
  }
  if (changed) await reloadFilters();
  return changed;
}

// The cosmetic selectors for a page with these class names and ids.
export async function cosmeticSelectors(url, classes, ids, retry = true) {
  const f = await filters();
  if (!f) return [];
  try {
    return f.selectors(url, classes.slice(0, 20000), ids.slice(0, 20000));
  } catch (e) {
    // The engine was restarted on a fresh wasm instance after a crash (extension/worker/engine.js)
    // since these rules were loaded: they are being loaded into it; use those.
    if (!retry || !/stale object/.test(e?.message)) throw e;
    if ((await filters()) === f) await reloadFilters();
    return cosmeticSelectors(url, classes, ids, false);
  }
}

export function filtersInfo() {
  return { ...info };
}

// Loads the rules at worker start, refreshes the public lists when allowed and due, and loads
// again when the user changes their own rules or the refresh setting.
export function startFilters() {
  filters();
  refreshLists().catch(() => undefined);
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes.settings) return;
    const before = changes.settings.oldValue ?? {};
    const after = changes.settings.newValue ?? {};
    if (before.filterRules !== after.filterRules || before.refreshFilterLists !== after.refreshFilterLists) {
      reloadFilters().then(() => refreshLists()).catch(() => undefined);
    }
  });
}

// For tests and benchmarks: forget the loaded rules, as a fresh worker would.
export function reloadFilters() {
  ready = null;
  return filters().then(() => filtersInfo());
}
