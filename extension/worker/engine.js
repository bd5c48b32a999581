// The one BrandLens engine (WebAssembly) of the worker: started once, restarted after a crash.
import * as pkg from '../pkg/brandlens.js';
import { api } from './api.js';
import { reloadFilters } from './filters.js';
import { loadProfiles } from './profiles.js';

let ready = null;

async function start() {
  health.starts += 1;
  const begin = performance.now();
  // The wasm, the brand directory (data beside the wasm, indexed at build time: src/directory.rs)
  // and the stored profiles are read at once; then the engine is built from them.
  // A directory that cannot be read is logged, not fatal: the engine then judges without it.
  const [, directory, profiles] = await Promise.all([
    pkg.default({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') }),
    fetch(api.runtime.getURL('data/brands/directory.dat'))
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .catch((e) => {
        console.error('BrandLens: the brand directory could not be read; judging without it:', e.message);
        return null;
      }),
    loadProfiles(),
  ]);
  const loadedMs = performance.now() - begin;
  const engine = new pkg.BrandLens();
  if (directory) {
    try {
      engine.setDirectory(new Uint8Array(directory));
    } catch (e) {
      console.error('BrandLens: the brand directory is unreadable and was not applied:', e.message);
    }
  }
  if (profiles) {
    try {
      engine.setProfiles(JSON.stringify(profiles));
    } catch (e) {
      console.error('BrandLens: stored profiles are unreadable and were not applied:', e.message);
    }
  }
  // For benchmarks and diagnostics: where a start's time goes (`atMs`: since the worker started).
  health.lastStart = { atMs: begin, loadedMs, totalMs: performance.now() - begin };
  return engine;
}

// The engine, once started. Listeners must be registered synchronously (service workers have no
// top-level await), so every handler awaits this.
// A start that failed is forgotten, so the next call starts again rather than fail for the worker's
// life.
export function engine() {
  ready ??= retryable(start());
  return ready;
}

function retryable(starting) {
  starting.catch(() => {
    if (ready === starting) ready = null;
  });
  return starting;
}

// How the engine has fared since the worker started: `brandlens.engineHealth()` (docs/automation.md).
const health = { starts: 0, crashes: 0, lastCrash: null, lastStart: null };

// A fresh WebAssembly instance (build.sh generates `__wbg_reset_state`): the crashed one's memory,
// stack pointer and borrow flags are left where the trap stopped them. Every object of the old
// instance is void with it, the compiled EasyList rules too: they are loaded again (from the cache).
function restart() {
  pkg.__wbg_reset_state?.();
  reloadFilters().catch(() => undefined);
  return start();
}

export function engineHealth() {
  return { ...health };
}

// Runs work with the engine. A panic aborts the WebAssembly instance (the bridge logs the panic
// message first), and a trap leaves its memory untrustworthy: report it, start a fresh engine
// rather than go silent, and run the work once more on it. Work that crashes the fresh engine too
// fails with the error.
export async function withEngine(work, retry = true) {
  const e = await engine();
  try {
    return work(e);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    health.crashes += 1;
    health.lastCrash = { message: String(error.message), at: new Date().toISOString() };
    console.error('BrandLens engine crashed; restarting:', error);
    if ((await ready?.catch(() => null)) === e) ready = retryable(restart());
    if (!retry) throw error;
    return withEngine(work, false);
  }
}
