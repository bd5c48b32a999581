// The one BrandLens engine (WebAssembly) of the worker: started once, restarted after a crash.
import init, { BrandLens } from '../pkg/brandlens.js';
import { api } from './api.js';
import { loadProfiles } from './profiles.js';

let ready = null;

async function start() {
  await init({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') });
  const engine = new BrandLens();
  // The built-in brand directory ships as data beside the wasm (src/directory.rs).
  const directory = await fetch(api.runtime.getURL('data/brands/directory.tsv')).then((r) => r.text());
  engine.setDirectory(directory);
  const profiles = await loadProfiles();
  if (profiles) {
    try {
      engine.setProfiles(JSON.stringify(profiles));
    } catch (e) {
      console.error('BrandLens: stored profiles are unreadable and were not applied:', e.message);
    }
  }
  return engine;
}

// The engine, once started. Listeners must be registered synchronously (service workers have no
// top-level await), so every handler awaits this.
export function engine() {
  ready ??= start();
  return ready;
}

// Runs work with the engine. A panic aborts the WebAssembly instance: start a fresh one rather
// than go silent, and let the caller see the error.
export async function withEngine(work) {
  const e = await engine();
  try {
    return work(e);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      console.error('BrandLens engine crashed; restarting:', error);
      ready = start();
    }
    throw error;
  }
}
