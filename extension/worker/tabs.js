// Per-tab state: the top frame's snapshot, the creatives of its ad frames, and the latest report.
import { api } from './api.js';
import { LIMITS } from './messages.js';
import { showBadge } from './badge.js';
import { withEngine } from './engine.js';
import { withCreatives } from './frames.js';
import { recordReport } from './history.js';

// tabId -> { snapshot, frames: Map<frameId, {name, url, creative}>, report, waiters, timer }
const tabs = new Map();

export function tabState(tabId) {
  let state = tabs.get(tabId);
  if (!state) {
    state = { snapshot: null, frames: new Map(), report: null, waiters: [], timer: 0 };
    tabs.set(tabId, state);
  }
  return state;
}

export function forgetTab(tabId) {
  tabs.delete(tabId);
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
  state.report = report;
  for (const resolve of state.waiters.splice(0)) resolve(report);
  api.tabs.sendMessage(tabId, { type: 'report', report }, { frameId: 0 }).catch(() => undefined);
  showBadge(tabId, report).catch(() => undefined); // the tab may have closed meanwhile
  recordReport(report);
  return report;
}

// Snapshots and creatives arrive one frame at a time; judge once they pause.
export function judgeSoon(tabId) {
  const state = tabState(tabId);
  clearTimeout(state.timer);
  state.timer = setTimeout(() => judge(tabId).catch((e) => console.error('BrandLens:', e)), 50);
}

export function setSnapshot(tabId, snapshot) {
  const state = tabState(tabId);
  if (state.snapshot && state.snapshot.url !== snapshot.url) state.frames.clear();
  state.snapshot = snapshot;
  judgeSoon(tabId);
}

// Adds what appeared on the page since it was read: new blocks, new slots, slots that changed.
export function updateSnapshot(tabId, update) {
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
