// The content script's entry point, in every frame. The top frame reads the page and draws the
// report; any other frame reports what it shows (an ad creative) so the worker can attach it to the
// slot it belongs to. All judging happens in the extension's service worker.
'use strict';

(() => {
  const isTop = window === window.top;

  function send(message) {
    try {
      return chrome.runtime.sendMessage(message).catch(() => undefined);
    } catch (_) {
      return Promise.resolve(); // extension reloaded: this old content script is orphaned
    }
  }

  if (!isTop) {
    const report = async () => {
      await BrandLensRead.afterRender();
      const creative = BrandLensRead.readCreative(document);
      send({ type: 'frame', name: window.name || '', url: location.href, width: innerWidth, height: innerHeight, creative });
    };
    report();
    // Creatives often render after load; report once more when they settle.
    setTimeout(report, 1500);
    return;
  }

  let slotElements = new Map();
  let lastReport = null;
  let stopWatching = () => {};

  let siteOff = false;

  // EasyList's selectors for the page's class names and ids, from the worker.
  const cosmetic = ({ classes, ids }) =>
    send({ type: 'cosmetic', url: location.href, classes, ids }).then((r) => (Array.isArray(r?.selectors) ? r.selectors : []));

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
  // The worker adds updates to the snapshot and judges once messages pause (50 ms), so it judges
  // the whole page once, as before. Above the worker's block limit (20,000) the snapshot goes
  // whole, so that the worker's own note on what it left out stays the same.
  const PART_CHARS = 200000;
  const WORKER_BLOCK_LIMIT = 20000;

  async function sendSnapshot(snapshot) {
    const parts = [[]];
    let chars = 0;
    if (snapshot.blocks.length <= WORKER_BLOCK_LIMIT) {
      for (const block of snapshot.blocks) {
        chars += block.text.length + 100;
        if (chars > PART_CHARS && parts.at(-1).length) {
          parts.push([]);
          chars = block.text.length + 100;
        }
        parts.at(-1).push(block);
      }
    }
    if (parts.length === 1) {
      send({ type: 'snapshot', snapshot });
      return;
    }
    send({ type: 'snapshot', snapshot: { ...snapshot, blocks: parts[0] } });
    for (const blocks of parts.slice(1)) {
      await BrandLensRead.yieldToPage();
      send({ type: 'update', url: snapshot.url, blocks, slots: [], skipped: snapshot.skipped });
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
      // After the snapshot's last part: the worker adds an update to the snapshot it has.
      onUpdate: (delta) => sent.then(() => send({ type: 'update', url: snapshot.url, blocks: delta.blocks, slots: delta.slots, skipped: delta.skipped })),
      onNewPage: () => scan(),
    });
    await sent;
  }

  function redraw() {
    if (lastReport && !siteOff) BrandLensOverlay.draw(lastReport, slotElements, lastReport.topics);
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message || typeof message !== 'object') return;
    if (message.type === 'report' && message.report && Array.isArray(message.report.ads)) {
      lastReport = message.report;
      redraw();
      requestIdleCallback(() => BrandLensOverlay.warmUp(), { timeout: 2000 });
    } else if (message.type === 'rescan') {
      scan().catch((e) => console.error('BrandLens:', e));
    } else if (message.type === 'overlay') {
      sendResponse({ hidden: BrandLensOverlay.setPageHidden(message.hidden) });
    } else if (message.type === 'scroll-to' && typeof message.id === 'string') {
      sendResponse({ found: BrandLensOverlay.focusSlot(message.id, slotElements.get(message.id)) });
    } else if (message.type === 'mentions') {
      sendResponse({ marked: BrandLensOverlay.highlightMentions(lastReport, Boolean(message.on)) });
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

  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redraw);
  };
  addEventListener('resize', schedule, { passive: true });
  new ResizeObserver(schedule).observe(document.documentElement);

  chrome.storage.local.get('settings').then(({ settings }) => applySettings(settings), () => undefined)
    .finally(() => scan().catch((e) => console.error('BrandLens:', e)));
})();
