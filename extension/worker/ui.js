// The worker's side of the extension's own surfaces: the popup, side panel and options page ask it
// for reports, profile changes, scrolling and screenshots; the keyboard shortcut toggles the
// overlay; the context menu scans a page again; the overlay's card opens the full report.
import { api } from './api.js';
import { engine } from './engine.js';
import { screenshot } from './export.js';
import { reportOf } from './tabs.js';

const PANEL = 'sidepanel/sidepanel.html';
const REPORT_WAIT_MS = 5000;

const toTop = (tabId, message) => api.tabs.sendMessage(tabId, message, { frameId: 0 });

// The tab's report, or null when the page has none (a browser page, or BrandLens off on the site).
function reportOrNull(tabId) {
  return Promise.race([reportOf(tabId), new Promise((resolve) => setTimeout(() => resolve(null), REPORT_WAIT_MS))])
    .catch(() => null);
}

async function openReport(tabId, windowId) {
  // The side panel where there is one (Chrome); otherwise the same report in a tab.
  try {
    if (api.sidePanel) return await api.sidePanel.open({ tabId });
    if (api.sidebarAction) return await api.sidebarAction.open();
  } catch (_) { /* no user gesture reached us: fall through */ }
  return api.tabs.create({ url: `${api.runtime.getURL(PANEL)}?tab=${tabId}`, windowId });
}

async function profileNames() {
  return JSON.parse(JSON.stringify((await engine()).profiles())).brands.map((b) => b.name);
}

function handlers(setProfile) {
  return {
    'ui:report': ({ tabId }) => reportOrNull(tabId),
    'ui:profiles': async () => (await engine()).profiles(),
    'ui:setProfiles': ({ profiles }) => setProfile(profiles),
    'ui:rescan': ({ tabId }) => toTop(tabId, { type: 'rescan' }),
    'ui:overlay': ({ tabId, hidden }) => toTop(tabId, { type: 'overlay', hidden }),
    'ui:scrollTo': ({ tabId, id }) => toTop(tabId, { type: 'scroll-to', id }),
    'ui:mentions': ({ tabId, on }) => toTop(tabId, { type: 'mentions', on }),
    'ui:screenshot': async ({ tabId }) => screenshot(tabId, await profileNames()),
    'ui:openReport': ({ tabId }) => openReport(tabId),
  };
}

// Registers the listeners. Messages come only from this extension: `ui:` ones from its own pages,
// `open-report` from the overlay in a tab.
export function registerUi({ setProfile }) {
  const table = handlers(setProfile);
  const ownPage = (sender) => sender.id === api.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL(''));

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || typeof message !== 'object' || sender.id !== api.runtime.id) return undefined;
    let work;
    if (message.type === 'open-report' && sender.tab) work = openReport(sender.tab.id, sender.tab.windowId);
    else if (Object.hasOwn(table, message.type) && ownPage(sender)) work = table[message.type](message);
    else return undefined;
    Promise.resolve(work).then((value) => sendResponse({ value: value ?? null }), (e) => sendResponse({ error: String(e?.message ?? e) }));
    return true;
  });

  api.commands?.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-overlay') return;
    const target = tab ?? (await api.tabs.query({ active: true, currentWindow: true }))[0];
    if (target) toTop(target.id, { type: 'overlay', hidden: 'toggle' }).catch(() => undefined);
  });

  const menus = api.contextMenus ?? api.menus;
  api.runtime.onInstalled.addListener(() => {
    menus.create({ id: 'scan-again', title: api.i18n.getMessage('menuScanAgain'), contexts: ['page'] }, () => void api.runtime.lastError);
  });
  menus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === 'scan-again' && tab) toTop(tab.id, { type: 'rescan' }).catch(() => undefined);
  });
}
