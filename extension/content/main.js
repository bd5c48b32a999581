// The content script's entry point in the top frame: it reads the page and draws the report. Other
// frames (ad creatives) run content/creative.js alone, which reports what they show. All judging
// happens in the extension's service worker.
'use strict';

(() => {
  // Injected into the top frame only (manifest.json); other frames run content/creative.js alone.
  if (window !== window.top) return;

  function send(message) {
    try {
      return chrome.runtime.sendMessage(message).catch(() => undefined);
    } catch (_) {
      return Promise.resolve(); // extension reloaded: this old content script is orphaned
    }
  }

  // The page's snapshot and its updates go over one long-lived port: a message on it costs the page
  // a tenth of a `sendMessage` (which sets up a channel per message), and a page that changes all
  // the time sends many. The browser closes the port when it stops the idle worker, which then
  // forgets the page (extension/worker/tabs.js): `lost` is set, and the next change reads the whole
  // page again rather than update a page the worker no longer holds. Each reading opens a port of
  // its own, so the worker knows the page as it is now (a prerendered page is in another frame
  // until shown).
  let port = null;
  let lost = false;
  function post(message, { fresh = false } = {}) {
    try {
      if (fresh && port) {
        port.disconnect();
        port = null;
      }
      if (!port) {
        const opened = chrome.runtime.connect({ name: 'page' });
        opened.onDisconnect.addListener(() => {
          void chrome.runtime.lastError; // read, so the browser does not log it as unchecked
          if (port === opened) [port, lost] = [null, true];
        });
        port = opened;
      }
      port.postMessage(message);
    } catch (_) {
      // The extension was reloaded or updated: this old content script is orphaned.
      port = null;
      stopWatching();
    }
  }

  let slotElements = new Map();
  let findings = null; // what the overlay draws, from the worker
  let stopWatching = () => {};

  let siteOff = false;

  // EasyList's selectors for these class names and ids of the page, from the worker; null when
  // it gave no answer.
  const cosmetic = ({ classes, ids }) =>
    send({ type: 'cosmetic', url: location.href, classes, ids }).then((r) => {
      if (!Array.isArray(r?.selectors)) return null;
      BrandLensSelectors.learn(r.selectors, r.needs); // their parse, done in the worker
      return r.selectors;
    });

  // One reading at a time: a request to read again while one runs (the worker asks when it has no
  // snapshot yet; the popup's "Scan again") is answered by the reading under way. Two at once
  // would leave two watchers, each sending every later change.
  let scanning = null;
  function scan() {
    scanning ??= readAndWatch().finally(() => { scanning = null; });
    return scanning;
  }

  // A message is serialised in one task of ours: a big page's snapshot (megabytes of text) would
  // take far over 50 ms. So a snapshot with more text than this goes as the snapshot with its first
  // blocks and all its slots, then its further blocks as updates, each sent in a task of its own.
  // Every part but the last says `more: true`: the worker judges once the last part is in, so it
  // judges the whole page once, as before.
  const PART_CHARS = 300000;

  async function sendSnapshot(snapshot) {
    const parts = [[]];
    let chars = 0;
    for (const block of snapshot.blocks) {
      chars += block.text.length + 100;
      if (chars > PART_CHARS && parts.at(-1).length) {
        parts.push([]);
        chars = block.text.length + 100;
      }
      parts.at(-1).push(block);
    }
    lost = false;
    if (parts.length === 1) {
      post({ type: 'snapshot', snapshot }, { fresh: true });
      return;
    }
    await BrandLensRead.yieldToPage(); // not in the reading's last slice
    post({ type: 'snapshot', snapshot: { ...snapshot, blocks: parts[0] }, more: true }, { fresh: true });
    for (const [i, part] of parts.slice(1).entries()) {
      await BrandLensRead.yieldToPage();
      post({ type: 'update', url: snapshot.url, blocks: part, slots: [], skipped: snapshot.skipped, more: i < parts.length - 2 });
    }
  }

  async function readAndWatch() {
    if (siteOff) return;
    stopWatching();
    const reader = new BrandLensRead.Reader();
    await BrandLensRead.afterRender();
    const snapshot = await reader.readPage(cosmetic);
    slotElements = reader.slotElements;
    const sent = sendSnapshot(snapshot);
    stopWatching = BrandLensWatch.watch(reader, {
      cosmetic,
      // After the snapshot's last part: the worker adds an update to the snapshot it has. What was
      // added may have moved the slots (with findings unchanged the worker sends none, and the root
      // need not resize): their boxes follow, here, with no message.
      onUpdate: (delta) => {
        followLayout();
        return sent.then(() => {
          if (lost) scan().catch((e) => console.error('BrandLens:', e));
          else post({ type: 'update', url: snapshot.url, blocks: delta.blocks, slots: delta.slots, removedSlots: delta.removedSlots, skipped: delta.skipped });
        });
      },
      // Read afresh once this reading is done (its last parts may still be going out): a reading
      // asked for while one runs would otherwise be answered by the old page's.
      onNewPage: () => (scanning || Promise.resolve()).then(() => scan()),
    });
    await sent;
  }

  function redraw() {
    if (findings && !siteOff) BrandLensOverlay.draw(findings, slotElements);
  }

  // New findings are drawn once the browser has laid out the page (see afterFrame): the slots'
  // rectangles are then read without a layout of our own. Findings that come meanwhile are drawn
  // with it, once.
  let drawing = null;
  function drawAfterFrame() {
    drawing ??= BrandLensRead.afterFrame().then(() => {
      drawing = null;
      redraw();
    });
  }

  // The page's layout changed: what is drawn over it moves with it. With nothing drawn (most
  // pages), nothing is to move: no frame is waited for and nothing redrawn.
  function followLayout() {
    if (BrandLensOverlay.isDrawn()) drawAfterFrame();
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message || typeof message !== 'object') return;
    if (message.type === 'findings' && Array.isArray(message.findings?.ads) && Array.isArray(message.findings.topics)) {
      findings = message.findings;
      drawAfterFrame();
    } else if (message.type === 'rescan') {
      scan().catch((e) => console.error('BrandLens:', e));
    } else if (message.type === 'overlay') {
      sendResponse({ hidden: BrandLensOverlay.setPageHidden(message.hidden) });
    } else if (message.type === 'scroll-to' && typeof message.id === 'string') {
      sendResponse({ found: BrandLensOverlay.focusSlot(message.id, slotElements.get(message.id)) });
    } else if (message.type === 'mentions') {
      sendResponse({ marked: BrandLensOverlay.highlightMentions(findings, Boolean(message.on)) });
    }
  });

  // Per-site settings from the options page and the popup: BrandLens off, or its overlay hidden.
  function applySettings(settings = {}) {
    const host = location.hostname;
    const wasOff = siteOff;
    siteOff = (settings.disabledSites || []).includes(host);
    BrandLensOverlay.setSiteHidden((settings.hiddenSites || []).includes(host));
    if (siteOff) BrandLensOverlay.clear();
    else if (wasOff) scan();
  }
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.settings) applySettings(changes.settings.newValue);
  });

  // A page back from the back-forward cache: the worker has since judged the tab's other page.
  addEventListener('pageshow', (event) => {
    if (event.persisted) scan().catch((e) => console.error('BrandLens:', e));
  });

  // A resized page moves the slots: their boxes follow.
  addEventListener('resize', followLayout, { passive: true });
  new ResizeObserver(followLayout).observe(document.documentElement);

  chrome.storage.local.get('settings').then(({ settings }) => applySettings(settings), () => undefined)
    .finally(() => scan().catch((e) => console.error('BrandLens:', e)));
})();
