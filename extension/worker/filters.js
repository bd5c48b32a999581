// EasyList and EasyList Dutch cosmetic rules, loaded once per worker start. The first start
// compiles the bundled lists (filters/*.txt) in the engine and keeps the compiled form in the
// extension's Cache Storage; every later cold start only deserializes it. (The compiled form is
// platform-specific, so it is made here, in the wasm engine, not at build time.) How long loading
// took, and from where, is kept for tests and benchmarks (filtersInfo()).
import init, { CosmeticFilters } from '../pkg/brandlens.js';
import { api } from './api.js';

const LISTS = ['filters/easylist.txt', 'filters/easylistdutch.txt'];
const CACHE = 'brandlens-filters';
// A new extension version brings new lists and maybe a new engine: its own cache entry. (Cache
// Storage keys must be http(s) URLs; this one is never fetched.)
const cacheKey = () => `https://brandlens.invalid/filters/compiled-${api.runtime.getManifest().version}.dat`;

let ready = null;
let info = { loaded: false, from: null, bytes: 0, loadMs: 0, error: null };

async function compileBundled() {
  const texts = await Promise.all(LISTS.map((p) => fetch(api.runtime.getURL(p)).then((r) => r.text())));
  return CosmeticFilters.fromLists(texts);
}

async function load() {
  const start = performance.now();
  await init({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') });
  const initMs = performance.now() - start;
  const cache = globalThis.caches ? await caches.open(CACHE) : null;
  const cached = cache ? await cache.match(cacheKey()) : undefined;
  let filters = null;
  let from = 'lists';
  let bytes = 0;
  if (cached) {
    const data = new Uint8Array(await cached.arrayBuffer());
    try {
      filters = CosmeticFilters.fromBytes(data);
      from = 'cache';
      bytes = data.length;
    } catch (e) {
      console.warn('BrandLens: cached EasyList rules unreadable; compiling them again:', e.message);
    }
  }
  if (!filters) {
    filters = await compileBundled();
    const data = filters.toBytes();
    bytes = data.length;
    if (cache) await cache.put(cacheKey(), new Response(data)).catch((e) => console.warn('BrandLens: compiled EasyList rules not cached:', e));
  }
  info = { loaded: true, from, bytes, loadMs: performance.now() - start, initMs, error: null };
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

// The cosmetic selectors for a page with these class names and ids.
export async function cosmeticSelectors(url, classes, ids) {
  const f = await filters();
  if (!f) return [];
  return f.selectors(url, classes.slice(0, 20000), ids.slice(0, 20000));
}

export function filtersInfo() {
  return { ...info };
}

export function startFilters() {
  filters();
}

// For tests and benchmarks: forget the loaded rules, as a fresh worker would.
export function reloadFilters() {
  ready = null;
  return filters().then(() => filtersInfo());
}
