// Draws findings over the page: each risky ad slot outlined, with a badge naming the risk, the
// advertiser and the topic, and the evidence. Everything lives in a closed shadow root on a
// zero-size host, ignores the mouse (never blocks a click), never shifts the page's layout, and
// puts page text in as text only (textContent), never as markup.
'use strict';

var BrandLensOverlay = (() => {
  const RISK_STYLE = {
    floor: { colour: '#5b0a91', key: 'riskFloor', fallback: 'Floor risk' },
    high: { colour: '#d0021b', key: 'riskHigh', fallback: 'High risk' },
    medium: { colour: '#c05600', key: 'riskMedium', fallback: 'Medium risk' },
    low: { colour: '#6b6b00', key: 'riskLow', fallback: 'Low risk' },
  };
  // Placements at these risks are drawn; low and none stay quiet so the page reads as usual.
  const DRAWN = new Set(['floor', 'high', 'medium']);
  const CSS = `
    :host { all: initial; }
    .slot { position: absolute; box-sizing: border-box; border: 3px solid var(--c); pointer-events: none; }
    .badge { position: absolute; left: -3px; bottom: 100%; max-width: 420px; padding: 3px 8px;
      background: var(--c); color: #fff; font: 600 13px/1.35 system-ui, sans-serif; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; border-radius: 3px 3px 0 0; }
    .badge::before { content: "\\26A0\\FE0E  "; }
    .badge { pointer-events: auto; cursor: help; }
    .badge:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
    /* The evidence stays readable to screen readers but out of sight (and out of the reader's way)
       until the badge is hovered or focused. */
    .evidence { position: absolute; left: -3px; top: 100%; width: max(100%, 280px); box-sizing: border-box;
      margin: 0; padding: 6px 8px; list-style: none; background: #fff; color: #1a1a1a;
      border: 2px solid var(--c); font: 12px/1.4 system-ui, sans-serif;
      clip-path: inset(50%); height: 1px; overflow: hidden; }
    .badge:hover + .evidence, .badge:focus + .evidence { clip-path: none; height: auto; overflow: visible; }
    .evidence li + li { margin-top: 4px; }
    .term { font-weight: 700; }
  `;

  const HOST_STYLE = {
    all: 'initial', position: 'absolute', top: '0', left: '0', width: '0', height: '0', overflow: 'visible',
    'z-index': '2147483647', 'pointer-events': 'none', display: 'block',
  };

  let host = null;
  let root = null;

  function message(key, fallback, subs) {
    try {
      return chrome.i18n.getMessage(key, subs) || fallback;
    } catch (_) {
      return fallback;
    }
  }

  // A host element with a closed shadow root of our own. A page that defined `brandlens-overlay` as
  // its own custom element (and took its shadow root) gets a host under a name it cannot guess.
  function newHost() {
    for (const name of ['brandlens-overlay', `brandlens-overlay-${crypto.randomUUID()}`]) {
      try {
        const element = document.createElement(name);
        return [element, element.attachShadow({ mode: 'closed' })];
      } catch (_) { /* taken by the page: try the next name */ }
    }
    throw new Error('BrandLens: cannot create the overlay');
  }

  function ensureHost() {
    if (host && host.isConnected) return;
    [host, root] = newHost();
    // CSSOM and constructed style sheets, not style attributes or <style>: a page's CSP may forbid those.
    for (const [name, value] of Object.entries(HOST_STYLE)) host.style.setProperty(name, value, 'important');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    document.documentElement.append(host);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The badge text, e.g. "High risk · Nikon beside Crime & Harmful Acts".
  function badgeText(ad) {
    const style = RISK_STYLE[ad.risk];
    const top = ad.topics.find((t) => t.warns) || ad.topics[0];
    const brand = ad.advertiser.brand || message('unknownAdvertiser', 'Unknown advertiser');
    const topic = top ? top.shortName : '';
    return `${message(style.key, style.fallback)} · ${message('beside', `${brand} beside ${topic}`, [brand, topic])}`;
  }

  function draw(report, slotElements, pageTopics) {
    ensureHost();
    for (const old of root.querySelectorAll('.slot')) old.remove();
    for (const ad of report.ads) {
      if (!DRAWN.has(ad.risk)) continue;
      const target = slotElements.get(ad.id);
      if (!target || !target.isConnected) continue;
      const r = target.getBoundingClientRect();
      const box = el('div', 'slot');
      box.style.setProperty('--c', RISK_STYLE[ad.risk].colour);
      box.style.left = `${r.left + scrollX}px`;
      box.style.top = `${r.top + scrollY}px`;
      box.style.width = `${Math.max(r.width, 20)}px`;
      box.style.height = `${Math.max(r.height, 20)}px`;
      box.dataset.risk = ad.risk;
      const badge = el('div', 'badge', badgeText(ad));
      badge.tabIndex = 0;
      badge.setAttribute('role', 'note');
      box.append(badge);
      const list = el('ul', 'evidence');
      const warned = new Set(ad.topics.filter((t) => t.warns).map((t) => t.id));
      for (const topic of pageTopics.filter((t) => warned.has(t.id))) {
        for (const ev of topic.evidence.slice(0, 3)) {
          const item = el('li');
          item.append(el('span', 'term', `“${ev.term}”`), document.createTextNode(` — ${ev.snippet}`));
          list.append(item);
        }
      }
      if (list.childElementCount) box.append(list);
      root.append(box);
    }
  }

  function clear() {
    if (root) for (const old of root.querySelectorAll('.slot')) old.remove();
  }

  return { draw, clear, badgeText };
})();
