// The extension's service worker (Chrome) or background script (Firefox). It holds the one
// BrandLens engine, receives page snapshots and creatives from content scripts, judges them and
// sends each tab's report back to its top frame. The engine runs here, not in the page, so it works
// on pages whose Content-Security-Policy forbids WebAssembly.
import { api } from './worker/api.js';
import { engine, engineHealth, withEngine } from './worker/engine.js';
import './content/selectors.js'; // BrandLensSelectors: parses the selectors sent to pages
import { cosmeticSelectors, filtersInfo, refreshLists, reloadFilters, startFilters } from './worker/filters.js';
import { cosmeticRequest, frameInfo, fromOwnContentScript, limitSnapshot, limitUpdate, validFrame, validSnapshot, validUpdate } from './worker/messages.js';
import { saveProfiles } from './worker/profiles.js';
import { registerUi } from './worker/ui.js';
import { forgetTab, judgeSoon, openTabs, reportOf, setFrame, setSnapshot, updateSnapshot } from './worker/tabs.js';

engine(); // start compiling the engine while the browser settles
startFilters();

api.tabs.onRemoved.addListener(forgetTab);

// What a content script says, by `runtime.sendMessage` (a request for EasyList selectors, a frame's
// creative) or on its page's port (the snapshot and its updates: see onConnect below).
function hear(message, sender, sendResponse) {
  // Only this extension's own content scripts, in a tab, are heard. The only answer ever given is
  // EasyList selectors for the page's own class names, so no message can read a report, a profile
  // or history (docs/privacy.md).
  if (!fromOwnContentScript(sender, api.runtime.id) || !message || typeof message !== 'object') return undefined;
  const tabId = sender.tab.id;
  if (message.type === 'cosmetic' && sender.frameId === 0 && cosmeticRequest(message) && sendResponse) {
    cosmeticSelectors(message.url, message.classes, message.ids)
      .then((selectors) => sendResponse({ selectors, needs: selectors.map(BrandLensSelectors.parse) }), () => sendResponse({ selectors: [] }));
    return true; // answers asynchronously
  }
  if (message.type === 'update' && sender.frameId === 0 && validUpdate(message)) {
    updateSnapshot(tabId, limitUpdate(message), { more: message.more === true });
  } else if (message.type === 'snapshot' && sender.frameId === 0 && validSnapshot(message.snapshot)) {
    setSnapshot(tabId, limitSnapshot(message.snapshot), { more: message.more === true });
  } else if (message.type === 'frame' && sender.frameId > 0 && validFrame(message)) {
    setFrame(tabId, sender.frameId, frameInfo(message));
  } else {
    // Dropped whole, never partly used; said here so a page that is never judged can be explained.
    console.warn(`BrandLens: refused a "${String(message.type).slice(0, 40)}" message of the wrong shape from tab ${tabId}, frame ${sender.frameId}`);
  }
  return undefined;
}

api.runtime.onMessage.addListener(hear);
// A top frame's port, for its snapshot and updates (extension/content/main.js, post): the same
// messages, heard the same way. Anyone else's port is left unheard, not closed: a content script
// reads a closed port as a worker that lost its page and reads the page again, which a page that is
// not heard (a prerendered one, whose frame is not yet the tab's top) would do on every change.
api.runtime.onConnect.addListener((port) => {
  if (port.name !== 'page' || !fromOwnContentScript(port.sender, api.runtime.id) || port.sender.frameId !== 0) return;
  port.onMessage.addListener((message) => hear(message, port.sender, null));
});

// Validated by the engine first: a bad profile set throws and the stored one stays as it was.
// A set that cannot be stored (quota) is taken back out of the engine, so the engine and storage
// never disagree.
async function setProfile(profile) {
  const json = typeof profile === 'string' ? profile : JSON.stringify(profile);
  const previous = (await engine()).profiles();
  await withEngine((e) => e.setProfiles(json));
  const applied = (await engine()).profiles();
  try {
    await saveProfiles(applied);
  } catch (error) {
    await withEngine((e) => e.setProfiles(JSON.stringify(previous)));
    throw error;
  }
  for (const tabId of openTabs()) judgeSoon(tabId);
  return applied;
}

// The popup, side panel, options page, keyboard shortcut and context menu.
registerUi({ setProfile });

// For automated tests and power users: docs/automation.md.
globalThis.brandlens = {
  setProfile,
  report: reportOf,
  profiles: async () => (await engine()).profiles(),
  judgeText: (text, lang) => withEngine((e) => e.judgeText(text, lang)),
  engineHealth,
  storageVersion: async () => (await api.storage.local.get('storageVersion')).storageVersion,
  // The engine object itself, for tests that damage it (docs/automation.md).
  engine,
  filters: filtersInfo,
  cosmeticSelectors,
  reloadFilters,
  // Downloads the public filter lists now, if the user allows it (docs/automation.md).
  refreshFilterLists: () => refreshLists({ force: true }),
};
