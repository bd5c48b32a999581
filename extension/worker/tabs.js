// Per-tab state: the top frame's snapshot, the creatives of its ad frames, and the latest report.
import { api } from './api.js';
import { LIMITS } from './messages.js';
import { showBadge } from './badge.js';
import { withEngine } from './engine.js';
import { withCreatives } from './frames.js';
import { recordReport } from './history.js';

// tabId -> { snapshot, frames: Map<frameId, {name, url, creative}>, report, waiters, timer, moreParts }
const tabs = new Map();

export function tabState(tabId) {
  let state = tabs.get(tabId);
  if (!state) {
    state = { snapshot: null, frames: new Map(), report: null, waiters: [], timer: 0, moreParts: false };
    tabs.set(tabId, state);
  }
  return state;
}

// The engine keeps the block analyses of the page it judged last, for that page's next change
// (src/judge.rs, BlockCache): they go with its tab.
let lastJudged = null;

export function forgetTab(tabId) {
  tabs.delete(tabId);
  if (lastJudged === tabId) {
    lastJudged = null;
    withEngine((e) => e.forgetBlocks()).catch(() => undefined);
  }
}

export function openTabs() {
  return [...tabs.keys()];
}

async function judge(tabId) {
  const state = tabState(tabId);
  state.timer = 0;
  if (!state.snapshot) return undefined;
  const snapshot = await withCreatives(tabId, state.snapshot, state.frames);
  const report = await withEngine((e) => e.scan(snapshot));
  lastJudged = tabId;
  state.report = report;
  for (const resolve of state.waiters.splice(0)) resolve(report);
  api.tabs.sendMessage(tabId, { type: 'report', report }, { frameId: 0 }).catch(() => undefined);
  showBadge(tabId, report).catch(() => undefined); // the tab may have closed meanwhile
  recordReport(report);
  return report;
}

// Snapshots and creatives arrive one frame at a time; judge once they pause.
const PAUSE_MS = 50;
// A big snapshot comes in parts (extension/content/main.js), every part but the last marked
// `more`: judging waits for the last, or this long if it never comes (the tab closed meanwhile).
const PARTS_WAIT_MS = 2000;

export function judgeSoon(tabId) {
  const state = tabState(tabId);
  clearTimeout(state.timer);
  state.timer = setTimeout(() => judge(tabId).catch((e) => console.error('BrandLens:', e)), state.moreParts ? PARTS_WAIT_MS : PAUSE_MS);
}

export function setSnapshot(tabId, snapshot, { more = false } = {}) {
  const state = tabState(tabId);
  if (state.snapshot && state.snapshot.url !== snapshot.url) state.frames.clear();
  state.snapshot = snapshot;
  state.moreParts = more;
  judgeSoon(tabId);
}

// Adds what appeared on the page since it was read: new blocks, new slots, slots that changed.
export function updateSnapshot(tabId, update, { more = false } = {}) {
  const state = tabState(tabId);
  if (!state.snapshot || state.snapshot.url !== update.url) return;
  // A page that adds text forever must not grow the snapshot forever: the same bound as a first read.
  const room = Math.max(0, LIMITS.blocks - state.snapshot.blocks.length);
  const notes = [...(state.snapshot.skipped || []), ...(update.skipped || [])];
  if (update.blocks.length > room) notes.push({ part: 'blocks added after the block limit', reason: 'block limit' });
  // One note per reason: the reader repeats its notes with every update.
  state.snapshot.skipped = [...new Map(notes.map((n) => [n.reason, n])).values()].slice(0, LIMITS.skipped);
  state.snapshot.blocks.push(...update.blocks.slice(0, room));
  for (const slot of update.slots) {
    const i = state.snapshot.slots.findIndex((s) => s.id === slot.id);
    if (i >= 0) state.snapshot.slots[i] = slot;
    else state.snapshot.slots.push(slot);
  }
  state.moreParts = more;
  judgeSoon(tabId);
}

export function setFrame(tabId, frameId, info) {
  tabState(tabId).frames.set(frameId, info);
  judgeSoon(tabId);
}

// The report of a tab; waits for the first one (or a pending re-judgement) when there is none yet.
export function reportOf(tabId) {
  const state = tabState(tabId);
  if (state.report && !state.timer) return Promise.resolve(state.report);
  return new Promise((resolve, reject) => {
    state.waiters.push(resolve);
    if (!state.snapshot) api.tabs.sendMessage(tabId, { type: 'rescan' }, { frameId: 0 }).catch(reject);
  });
}
