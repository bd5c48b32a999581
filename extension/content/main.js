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
    const report = () => {
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

  function scan() {
    const { snapshot, slotElements: elements } = BrandLensRead.readPage();
    slotElements = elements;
    send({ type: 'snapshot', snapshot });
  }

  function redraw() {
    if (lastReport) BrandLensOverlay.draw(lastReport, slotElements, lastReport.topics);
  }

  chrome.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== chrome.runtime.id || !message || typeof message !== 'object') return;
    if (message.type === 'report' && message.report && Array.isArray(message.report.ads)) {
      lastReport = message.report;
      redraw();
    } else if (message.type === 'rescan') {
      scan();
    }
  });

  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redraw);
  };
  addEventListener('resize', schedule, { passive: true });
  new ResizeObserver(schedule).observe(document.documentElement);

  scan();
})();
