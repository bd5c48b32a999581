// The extension's service worker (Chrome) or background script (Firefox). It holds the one
// BrandLens engine, receives page snapshots and creatives from content scripts, judges them and
// sends each tab's report back to its top frame. The engine runs here, not in the page, so it works
// on pages whose Content-Security-Policy forbids WebAssembly.
import { api } from './worker/api.js';
import { engine, withEngine } from './worker/engine.js';
import { cosmeticSelectors, filtersInfo, reloadFilters, startFilters } from './worker/filters.js';
import { cosmeticRequest, frameInfo, validCreative, validSnapshot, validUpdate } from './worker/messages.js';
import { saveProfiles } from './worker/profiles.js';
import { forgetTab, judgeSoon, openTabs, reportOf, setFrame, setSnapshot, updateSnapshot } from './worker/tabs.js';

engine(); // start compiling the engine while the browser settles
startFilters();

api.tabs.onRemoved.addListener(forgetTab);

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only this extension's own content scripts, in a tab, are heard.
  if (sender.id !== api.runtime.id || !sender.tab || !message || typeof message !== 'object') return undefined;
  const tabId = sender.tab.id;
  if (message.type === 'cosmetic' && sender.frameId === 0 && cosmeticRequest(message)) {
    cosmeticSelectors(message.url, message.classes, message.ids)
      .then((selectors) => sendResponse({ selectors }), () => sendResponse({ selectors: [] }));
    return true; // answers asynchronously
  }
  if (message.type === 'update' && sender.frameId === 0 && validUpdate(message)) {
    updateSnapshot(tabId, message);
  } else if (message.type === 'snapshot' && sender.frameId === 0 && validSnapshot(message.snapshot)) {
    setSnapshot(tabId, message.snapshot);
  } else if (message.type === 'frame' && sender.frameId > 0 && validCreative(message.creative)) {
    setFrame(tabId, sender.frameId, frameInfo(message));
  }
  return undefined;
});

// Validated by the engine first: a bad profile set throws and the stored one stays as it was.
async function setProfile(profile) {
  const json = typeof profile === 'string' ? profile : JSON.stringify(profile);
  await withEngine((e) => e.setProfiles(json));
  const applied = (await engine()).profiles();
  await saveProfiles(applied);
  for (const tabId of openTabs()) judgeSoon(tabId);
  return applied;
}

// For automated tests and power users: docs/automation.md.
globalThis.brandlens = {
  setProfile,
  report: reportOf,
  profiles: async () => (await engine()).profiles(),
  judgeText: (text, lang) => withEngine((e) => e.judgeText(text, lang)),
  filters: filtersInfo,
  cosmeticSelectors,
  reloadFilters,
};
