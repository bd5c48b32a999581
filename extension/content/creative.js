// What an ad shows: its click-through addresses, image texts and text, read inside its slot (by the
// top frame's reader, content/read.js) or in its own frame. This is the only content script of
// frames other than the top one: a page can have a hundred frames (ad creatives, widgets), and each
// runs this alone, not the reader. A frame reports what it shows to the worker, which attaches it
// to the slot the frame belongs to.
'use strict';

var BrandLensCreative = (() => {
  // Page strings (URLs, ids, alt texts) can be megabytes long: what a report can use, here and in
  // the top frame's reader (the worker cuts to the same: extension/worker/messages.js).
  const STRING_LIMIT = 4096;
  const cut = (text) => (text.length > STRING_LIMIT ? text.slice(0, STRING_LIMIT) : text);

  // `root`: a slot's element, or a frame's document.
  function readCreative(root) {
    const clickUrls = [...root.querySelectorAll('a[href]')].slice(0, 20).map((a) => cut(a.href));
    const altTexts = [...root.querySelectorAll('img[alt], img[title]')].slice(0, 40)
      .map((i) => cut(i.getAttribute('alt') || i.getAttribute('title') || '').trim()).filter(Boolean).slice(0, 20);
    const text = (root.innerText || root.textContent || '').slice(0, 20000).replace(/\s+/g, ' ').trim().slice(0, 2000);
    return { clickUrls, altTexts, text, frameUrl: cut(location.href) };
  }

  if (window !== window.top) {
    // Once the browser is idle (the creative has rendered), and once more when late creatives settle.
    const report = () => requestIdleCallback(() => {
      try {
        chrome.runtime.sendMessage({ type: 'frame', name: window.name || '', url: location.href, width: innerWidth,
          height: innerHeight, creative: readCreative(document) }).catch(() => undefined);
      } catch (_) { /* extension reloaded: this old content script is orphaned */ }
    }, { timeout: 1000 });
    report();
    setTimeout(report, 1500);
  }

  return { readCreative, cut };
})();
