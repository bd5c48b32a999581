// Per-tab state: the top frame's snapshot, the creatives of its ad frames, and the latest report.
import { api } from './api.js';
import { RISK_KEYS, t } from '../ui/common.js';
import { LIMITS } from './messages.js';
import { RISKY, showBadge } from './badge.js';
import { withEngine } from './engine.js';
import { slotsWithCreatives } from './frames.js';
import { entryOf, recordReport } from './history.js';

// tabId -> { snapshot, frames: Map<frameId, {name, url, creative}>, report, waiters, timer, moreParts,
//   generation, inEngine, drawn, badge, recorded }
// generation: counts the tab's judgements; only the latest one started may finish (see judge).
// inEngine: what the engine was last given of the tab's page: its first `blocks` blocks and its
//   slots (with creatives, as JSON, by id); null until the engine judges the whole page.
// drawn, badge, recorded: the findings last sent to the page, the badge and the history entry last
//   shown, so that a judgement that changes none of them costs the page and storage nothing.
const tabs = new Map();

export function tabState(tabId) {
  let state = tabs.get(tabId);
  if (!state) {
    state = { snapshot: null, frames: new Map(), report: null, waiters: [], timer: 0, moreParts: false, generation: 0, inEngine: null, drawn: null, badge: null, recorded: null };
    tabs.set(tabId, state);
  }
  return state;
}

// The engine keeps the page it judged last, with its block analyses, for that page's next change
// (src/engine.rs, KeptPage): it goes with its tab.
let lastJudged = null;
const pageKey = (tabId) => `tab ${tabId}`;

export function forgetTab(tabId) {
  const state = tabs.get(tabId);
  tabs.delete(tabId);
  // A judgement of a closed tab is dropped (see judge): who waits for its report gets the last one.
  for (const resolve of state?.waiters.splice(0) ?? []) resolve(state.report);
  if (lastJudged === tabId) {
    lastJudged = null;
    withEngine((e) => e.forgetPage()).catch(() => undefined);
  }
}

export function openTabs() {
  return [...tabs.keys()];
}

// Judges the tab's page in the engine: only what changed since the engine last judged it when the
// engine still holds that page (a change then costs the engine the change, not the page), else the
// whole page. `snapshot` is the one `slots` were taken from. Synchronous, so no other judgement
// comes between what is sent and what is noted as held.
function judgeIn(engine, tabId, state, snapshot, slots) {
  const slotsJson = slots.map((slot) => JSON.stringify(slot));
  const held = state.inEngine;
  let report;
  if (held) {
    // The slots' ids say which slots the page has now, in order (src/snapshot.rs, SnapshotChanges):
    // the engine drops those gone and keeps the unchanged ones it holds; only changed ones are sent.
    const changes = {
      blocks: snapshot.blocks.slice(held.blocks),
      slots: slots.filter((slot, i) => held.slots.get(slot.id) !== slotsJson[i]),
      slotIds: slots.map((slot) => slot.id),
      skipped: snapshot.skipped,
    };
    try {
      report = engine.scanChanges(pageKey(tabId), changes); // undefined: the engine holds another page
    } catch (error) {
      // A crash is withEngine's to handle; any other error (changes the engine refused, such as two
      // slots of one id) leaves the kept page unknown: the whole page is judged instead, or the tab
      // would never be judged again.
      if (error instanceof WebAssembly.RuntimeError) throw error;
      console.error('BrandLens: judging the change failed; judging the whole page:', error);
      state.inEngine = null;
    }
  }
  report ??= engine.scan({ ...snapshot, slots }, pageKey(tabId));
  state.inEngine = { blocks: snapshot.blocks.length, slots: new Map(slots.map((slot, i) => [slot.id, slotsJson[i]])) };
  lastJudged = tabId;
  return report;
}

// What the page's overlay draws (content/overlay.js) of a report: the placements it outlines, the
// evidence of the page topics they warn of (three pieces a topic, as the card shows), the brands
// mentioned. The page gets this, not the whole report, and only when it changed.
function drawnFindings(report) {
  const ads = report.ads.filter((ad) => RISKY.has(ad.risk)).map((ad) => ({
    id: ad.id,
    risk: ad.risk,
    badge: badgeText(ad),
    topics: ad.topics.map((topic) => ({ id: topic.id, warns: topic.warns })),
    reasons: ad.reasons,
  }));
  const warned = new Set(ads.flatMap((ad) => ad.topics.filter((topic) => topic.warns).map((topic) => topic.id)));
  const topics = report.topics.filter((topic) => warned.has(topic.id))
    .map((topic) => ({ id: topic.id, evidence: topic.evidence.slice(0, 3).map((e) => ({ term: e.term, snippet: e.snippet })) }));
  const mentioned = [...new Set(report.mentions.map((m) => m.brand).filter(Boolean))];
  const words = ads.length ? { evidence: t('cardEvidence'), rule: t('cardRule'), openReport: t('openReport') } : {};
  return { ads, topics, mentioned, words };
}

// A risky placement's badge, e.g. "High risk · Nikon beside Crime & Harmful Acts". The overlay's
// words are written here, in the browser's language: a content script's first chrome.i18n call
// costs the page 2.5-10 ms of its main thread (it loads the messages), the worker's costs the page
// nothing.
function badgeText(ad) {
  const top = ad.topics.find((topic) => topic.warns) || ad.topics[0];
  const brand = ad.advertiser.brand || t('unknownAdvertiser');
  return `${t(RISK_KEYS[ad.risk])} · ${t('beside', [brand, top ? top.shortName : ''])}`;
}

// Runs `show` when `value` differs from what was shown last (`state[key]`, as JSON).
function whenChanged(state, key, value, show) {
  const json = JSON.stringify(value);
  if (state[key] === json) return;
  state[key] = json;
  show();
}

async function judge(tabId) {
  const state = tabState(tabId);
  state.timer = 0;
  const { snapshot } = state;
  if (!snapshot) return undefined;
  // Two judgements of a tab can overlap (finding the creatives' frames may take longer than the
  // pause between judgements): only the latest goes on, and none of a tab closed meanwhile.
  const gen = ++state.generation;
  const current = () => state.snapshot === snapshot && state.generation === gen && tabs.get(tabId) === state;
  const slots = await slotsWithCreatives(tabId, snapshot.slots, state.frames);
  if (!current()) return undefined; // a new page or judgement came meanwhile: its judgement is due
  // Starting (or restarting) the engine takes a while: check again once it is there.
  const report = await withEngine((e) => (current() ? judgeIn(e, tabId, state, snapshot, slots) : undefined));
  if (report === undefined) return undefined;
  state.report = report;
  for (const resolve of state.waiters.splice(0)) resolve(report);
  const findings = drawnFindings(report);
  whenChanged(state, 'drawn', findings, () =>
    api.tabs.sendMessage(tabId, { type: 'findings', findings }, { frameId: 0 }).catch(() => undefined));
  // The tab may have closed meanwhile.
  whenChanged(state, 'badge', findings.ads.length, () => showBadge(tabId, report).catch(() => undefined));
  const { time, ...entry } = entryOf(report);
  whenChanged(state, 'recorded', entry, () => recordReport(report));
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
  // A new reading: the engine judges it whole; the page (whose slot elements may be new), the badge
  // (the browser clears it on navigation) and the history are told its findings even if the same.
  Object.assign(state, { inEngine: null, drawn: null, badge: null, recorded: null });
  state.moreParts = more;
  judgeSoon(tabId);
}

// Adds what appeared on the page since it was read (new blocks, new slots, slots that changed) and
// drops the slots that left it.
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
  if (update.removedSlots.length) {
    const removed = new Set(update.removedSlots);
    state.snapshot.slots = state.snapshot.slots.filter((slot) => !removed.has(slot.id));
  }
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
