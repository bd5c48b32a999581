// The extension's service worker (Chrome) or background page (Firefox): it holds the one BrandLens
// engine (WebAssembly), receives page snapshots and creatives from content scripts, judges them,
// and sends each tab's report back to its top frame. It runs the engine here, not in the page,
// so it works on pages whose Content-Security-Policy forbids WebAssembly.
import init, { BrandLens } from './pkg/brandlens.js';

const api = globalThis.browser ?? globalThis.chrome;

// ---- the engine -------------------------------------------------------------------------------

let engine = null;
let profilesJson = '{"version":1,"brands":[]}';

async function startEngine() {
  await init({ module_or_path: api.runtime.getURL('pkg/brandlens_bg.wasm') });
  const stored = await api.storage.local.get('profiles');
  engine = new BrandLens();
  if (stored.profiles) {
    try {
      engine.setProfiles(JSON.stringify(stored.profiles));
      profilesJson = JSON.stringify(stored.profiles);
    } catch (e) {
      console.error('BrandLens: stored profiles are unreadable and were not applied:', e.message);
    }
  }
  return engine;
}

// Listeners must be registered synchronously (service workers have no top-level await), so every
// handler awaits this promise.
let ready = startEngine();

// A panic aborts the WebAssembly instance; start a fresh one rather than go silent.
async function withEngine(work) {
  const e = await ready;
  try {
    return work(e);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      console.error('BrandLens engine crashed; restarting:', error);
      ready = startEngine();
    }
    throw error;
  }
}

// ---- per-tab state ----------------------------------------------------------------------------

// tabId -> { snapshot, frames: Map<frameId, {name, url, creative}>, report, waiters }
const tabs = new Map();

function tabState(tabId) {
  let state = tabs.get(tabId);
  if (!state) {
    state = { snapshot: null, frames: new Map(), report: null, waiters: [], timer: 0 };
    tabs.set(tabId, state);
  }
  return state;
}

api.tabs.onRemoved.addListener((tabId) => tabs.delete(tabId));

function sameUrl(a, b) {
  try {
    return a && b && new URL(a).href === new URL(b).href;
  } catch (_) {
    return false;
  }
}

// Connects the creatives read in ad frames to the slots of the top frame. A frame belongs to the
// slot that holds its top-level ancestor iframe, recognised by frame name or URL. Frame ancestry
// comes from the browser (webNavigation), never from the page.
async function withCreatives(tabId, state) {
  const snapshot = structuredClone(state.snapshot);
  if (!state.frames.size || !snapshot.slots.length) return snapshot;
  const frames = (await api.webNavigation.getAllFrames({ tabId })) || [];
  const parentOf = new Map(frames.map((f) => [f.frameId, f.parentFrameId]));
  const urlOf = new Map(frames.map((f) => [f.frameId, f.url]));
  for (const [frameId, info] of state.frames) {
    let top = frameId;
    while (parentOf.has(top) && parentOf.get(top) > 0) top = parentOf.get(top);
    if (parentOf.get(top) !== 0) continue;
    const topInfo = state.frames.get(top);
    const slot = snapshot.slots.find((s) => s.frames.some((f) =>
      (topInfo && topInfo.name && f.name === topInfo.name) || sameUrl(f.src, urlOf.get(top))));
    if (!slot) continue;
    const c = slot.creative;
    c.clickUrls.push(...info.creative.clickUrls);
    c.altTexts.push(...info.creative.altTexts);
    if (info.creative.text) c.text = c.text ? `${c.text}\n${info.creative.text}` : info.creative.text;
    if (!c.frameUrl) c.frameUrl = info.creative.frameUrl;
  }
  return snapshot;
}

async function judge(tabId) {
  const state = tabState(tabId);
  if (!state.snapshot) return;
  const snapshot = await withCreatives(tabId, state);
  const report = await withEngine((e) => e.scan(snapshot));
  state.report = report;
  for (const resolve of state.waiters.splice(0)) resolve(report);
  api.tabs.sendMessage(tabId, { type: 'report', report }, { frameId: 0 }).catch(() => undefined);
  return report;
}

// Creatives arrive one frame at a time; judge once they pause.
function judgeSoon(tabId) {
  const state = tabState(tabId);
  clearTimeout(state.timer);
  state.timer = setTimeout(() => judge(tabId).catch((e) => console.error('BrandLens:', e)), 50);
}

// ---- messages from content scripts --------------------------------------------------------------

const isString = (v) => typeof v === 'string';
const isStringArray = (v) => Array.isArray(v) && v.every(isString);

function validCreative(c) {
  return c && typeof c === 'object' && isStringArray(c.clickUrls) && isStringArray(c.altTexts) && isString(c.text);
}

function validSnapshot(s) {
  return s && typeof s === 'object' && isString(s.url) && Array.isArray(s.blocks) && Array.isArray(s.slots) &&
    s.slots.every((slot) => slot && isString(slot.id) && Array.isArray(slot.frames) && validCreative(slot.creative));
}

api.runtime.onMessage.addListener((message, sender) => {
  // Only this extension's own content scripts, in a tab, are heard.
  if (sender.id !== api.runtime.id || !sender.tab || !message || typeof message !== 'object') return;
  const tabId = sender.tab.id;
  if (message.type === 'snapshot' && sender.frameId === 0 && validSnapshot(message.snapshot)) {
    const state = tabState(tabId);
    if (state.snapshot && state.snapshot.url !== message.snapshot.url) state.frames.clear();
    state.snapshot = message.snapshot;
    judgeSoon(tabId);
  } else if (message.type === 'frame' && sender.frameId > 0 && validCreative(message.creative)) {
    tabState(tabId).frames.set(sender.frameId, {
      name: isString(message.name) ? message.name : '',
      url: isString(message.url) ? message.url : '',
      creative: message.creative,
    });
    judgeSoon(tabId);
  }
});

// ---- profiles and the automation interface -----------------------------------------------------

async function setProfile(profile) {
  const json = typeof profile === 'string' ? profile : JSON.stringify(profile);
  // Validated by the engine first: a bad profile throws and the stored one stays as it was.
  await withEngine((e) => e.setProfiles(json));
  const applied = (await ready).profiles();
  await api.storage.local.set({ profiles: applied });
  profilesJson = JSON.stringify(applied);
  for (const tabId of tabs.keys()) judgeSoon(tabId);
  return applied;
}

// The report of a tab; waits for the first one when the page is still being read.
async function report(tabId) {
  const state = tabState(tabId);
  if (state.report && !state.timer) return state.report;
  return new Promise((resolve, reject) => {
    state.waiters.push(resolve);
    if (!state.snapshot) api.tabs.sendMessage(tabId, { type: 'rescan' }, { frameId: 0 }).catch(reject);
  });
}

// For automated tests and power users (documented in docs/automation.md).
globalThis.brandlens = {
  setProfile,
  report,
  profiles: () => JSON.parse(profilesJson),
  judgeText: async (text, lang) => withEngine((e) => e.judgeText(text, lang)),
};
