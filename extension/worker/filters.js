// EasyList and EasyList Dutch cosmetic rules, loaded once per worker start. The build ships them
// compiled (filters/cosmetic.dat, made by `brandlens filters`), so a cold start only reads and
// deserializes them; how long that took is kept for tests and benchmarks (filtersInfo()).
import init, { CosmeticFilters } from '../pkg/brandlens.js';
import { api } from './api.js';

let ready = null;
let info = { loaded: false, bytes: 0, loadMs: 0, error: null };

async function load() {
  const start = performance.now();
  await init({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') });
  const response = await fetch(api.runtime.getURL('filters/cosmetic.dat'));
  const bytes = new Uint8Array(await response.arrayBuffer());
  const filters = CosmeticFilters.fromBytes(bytes);
  info = { loaded: true, bytes: bytes.length, loadMs: performance.now() - start, error: null };
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

// The cosmetic selectors for a page with these class names and ids (at most a few thousand of each).
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
