// Draws findings over the page: each risky ad slot outlined, with a badge naming the risk (text and
// an icon, never colour alone), the advertiser and the topic; hovering or focusing the badge opens a
// card with the evidence sentences, the brand's rule that applied and a button to the full report.
// Everything lives in a closed shadow root on a zero-size host, ignores the mouse outside the badge
// and its open card (never blocks a click), never shifts the page's layout, and puts page text in
// as text only (textContent), never as markup. Brand mentions are highlighted on request with
// marks drawn in the overlay over the words, without touching the page's DOM.
'use strict';

var BrandLensOverlay = (() => {
  // The badge's colour and icon per risk (its words come with the findings, from the worker).
  const RISK_STYLE = {
    floor: { colour: '#5b0a91', icon: '\\26D4' },
    high: { colour: '#d0021b', icon: '\\26A0' },
    medium: { colour: '#a04500', icon: '\\25B2' },
    low: { colour: '#5c5c00', icon: '\\25CF' },
  };
  const CSS = `
    :host { all: initial; }
    .slot { position: absolute; box-sizing: border-box; border: 3px solid var(--c); pointer-events: none; }
    .slot[data-risk="medium"] { border-style: dashed; }
    .slot.focus { outline: 4px solid #1a73e8; outline-offset: 3px; }
    .badge { position: absolute; left: -3px; bottom: 100%; max-width: 420px; padding: 3px 8px;
      background: var(--c); color: #fff; font: 600 13px/1.35 system-ui, sans-serif; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; border-radius: 3px 3px 0 0; pointer-events: auto; cursor: help; }
    .badge::before { content: var(--icon) "\\FE0E  "; }
    .badge:focus-visible, .card button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
    /* The card is not laid out until the badge is hovered or focused: laying out every slot's
       hidden card took the browser 10-30 ms at a page's first warning. Screen readers read it
       all the same, as the badge's description (aria-describedby reaches hidden elements). */
    .card { position: absolute; left: -3px; top: -3px; width: max(100%, 300px); max-width: 480px; box-sizing: border-box;
      margin: 0; padding: 8px 10px; background: #fff; color: #1a1a1a; border: 2px solid var(--c);
      font: 12px/1.4 system-ui, sans-serif; display: none; }
    .badge:hover + .card, .card:hover, .slot:focus-within .card { display: block; }
    .card ul { margin: 0 0 6px; padding: 0; list-style: none; }
    .card li + li { margin-top: 4px; }
    .card p { margin: 0 0 6px; }
    .card h3 { margin: 0 0 4px; font-size: 12px; }
    .card button { font: 600 12px system-ui, sans-serif; color: #fff; background: #174ea6; border: 0;
      border-radius: 3px; padding: 4px 10px; cursor: pointer; }
    .term { font-weight: 700; }
    /* Translucent over the page's words, so they stay readable beneath it. */
    .mention { position: absolute; pointer-events: none; background: rgba(255, 214, 0, 0.35);
      box-shadow: inset 0 -2px 0 #174ea6; }
  `;

  const HOST_STYLE = {
    all: 'initial', position: 'absolute', top: '0', left: '0', width: '0', height: '0', overflow: 'visible',
    'z-index': '2147483647', 'pointer-events': 'none', display: 'block',
  };

  let host = null;
  let root = null;
  let pageHidden = null; // null: follow the site setting; true/false: this page's own choice
  let siteHidden = false;
  let mentionsOn = false;

  const hidden = () => pageHidden ?? siteHidden;

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

  // Made when there is a first warning to draw: a page without one pays nothing for the overlay.
  function ensureHost() {
    if (host && host.isConnected) return;
    [host, root] = newHost();
    // CSSOM and constructed style sheets, not style attributes or <style>: a page's CSP may forbid those.
    for (const [name, value] of Object.entries(HOST_STYLE)) host.style.setProperty(name, value, 'important');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    root.addEventListener('click', openReport);
    document.documentElement.append(host);
  }

  function applyHidden() {
    if (host) host.style.setProperty('display', hidden() ? 'none' : 'block', 'important');
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The card's button opens the full report: one listener on the shadow root for every card.
  function openReport(event) {
    if (!event.target.closest?.('.card button')) return;
    try {
      chrome.runtime.sendMessage({ type: 'open-report' }).catch(() => undefined);
    } catch (_) { /* extension reloaded */ }
  }

  // A page's slots mostly warn of the same topics with the same rule: their cards are alike, so
  // each different card is built once per set of findings and cloned for the other slots (one
  // browser call rather than a dozen elements made one by one).
  let cards = new Map();
  let cardsFor = null;
  let cardsMade = 0; // for each card's id in the shadow root, which its badge refers to

  function card(ad, findings, content) {
    if (cardsFor !== findings) [cards, cardsFor] = [new Map(), findings];
    const built = cards.get(content.card);
    if (built) return built.cloneNode(true);
    const made = buildCard(ad, findings);
    cards.set(content.card, made);
    return made;
  }

  function buildCard(ad, { topics, words }) {
    const box = el('div', 'card');
    const list = el('ul');
    const warned = new Set(ad.topics.filter((t) => t.warns).map((t) => t.id));
    for (const topic of topics.filter((t) => warned.has(t.id))) {
      for (const ev of topic.evidence) {
        const item = el('li');
        item.append(el('span', 'term', `“${ev.term}”`), document.createTextNode(` — ${ev.snippet}`));
        list.append(item);
      }
    }
    if (list.childElementCount) {
      box.append(el('h3', '', words.evidence), list);
    }
    if (ad.reasons.length) {
      box.append(el('h3', '', words.rule));
      for (const reason of ad.reasons) box.append(el('p', '', reason));
    }
    const open = el('button', '', words.openReport);
    open.type = 'button';
    box.append(open);
    return box;
  }

  // What a slot's box shows, to tell whether a box drawn before can stay as it is (`box`), and
  // what its card shows (`card`). Asked again of the same findings on every redraw (a scroll, a
  // resize): worked out once per ad.
  const contentOf = new WeakMap();
  // A page topic's evidence as text, once per topic: a page's slots mostly warn of the same topics.
  const evidenceOf = new WeakMap();
  function evidenceText(topic) {
    let text = evidenceOf.get(topic);
    if (text === undefined) {
      text = JSON.stringify(topic.evidence.map((e) => [e.term, e.snippet]));
      evidenceOf.set(topic, text);
    }
    return text;
  }
  function drawnContent(ad, pageTopics) {
    let content = contentOf.get(ad);
    if (content === undefined) {
      const warned = new Set(ad.topics.filter((t) => t.warns).map((t) => t.id));
      const evidence = pageTopics.filter((t) => warned.has(t.id)).map(evidenceText);
      const card = JSON.stringify([evidence, ad.reasons]);
      content = { card, box: JSON.stringify([ad.risk, ad.badge]) + card };
      contentOf.set(ad, content);
    }
    return content;
  }

  // Slot boxes drawn, by slot id: { content, box, left, top, width, height }.
  let drawnBoxes = new Map();

  // Draws the findings the worker sends (extension/worker/tabs.js, drawnFindings: the placements
  // to outline, the page topics they warn of, the brands mentioned). They come again only when
  // they change, often with most boxes the same: a box whose content is unchanged is kept and only
  // moved, so a redraw costs a rectangle per slot rather than building every box and card anew.
  function draw(findings, slotElements) {
    const pageTopics = findings.topics;
    // Every rectangle (and the scroll position, which also needs the page laid out) is read before
    // anything is drawn: reading one after drawing another would have the browser lay the page
    // out again, for each slot.
    const drawn = [];
    for (const ad of findings.ads) {
      if (!RISK_STYLE[ad.risk]) continue;
      const target = slotElements.get(ad.id);
      if (!target || !target.isConnected) continue;
      drawn.push([ad, target.getBoundingClientRect()]);
    }
    // Nothing to draw and nothing drawn yet: the page is left as it is (no overlay element).
    if (!drawn.length && !host && !mentionsOn) return;
    const x = drawn.length ? scrollX : 0;
    const y = drawn.length ? scrollY : 0;
    ensureHost();
    applyHidden();
    const previous = drawnBoxes;
    drawnBoxes = new Map();
    const boxes = [];
    for (const [ad, r] of drawn) {
      const content = drawnContent(ad, pageTopics);
      let entry = previous.get(ad.id);
      if (entry && (entry.content !== content.box || entry.box.parentNode !== root || drawnBoxes.has(ad.id))) entry = null;
      if (!entry) {
        const box = el('div', 'slot');
        box.style.setProperty('--c', RISK_STYLE[ad.risk].colour);
        box.style.setProperty('--icon', `"${RISK_STYLE[ad.risk].icon}"`);
        box.dataset.risk = ad.risk;
        box.dataset.slot = ad.id;
        const badge = el('div', 'badge', ad.badge);
        badge.tabIndex = 0;
        badge.setAttribute('role', 'note');
        const details = card(ad, findings, content);
        details.id = `card-${++cardsMade}`;
        badge.setAttribute('aria-describedby', details.id);
        box.append(badge, details);
        entry = { content: content.box, box };
      }
      const left = `${r.left + x}px`;
      const top = `${r.top + y}px`;
      const width = `${Math.max(r.width, 20)}px`;
      const height = `${Math.max(r.height, 20)}px`;
      if (entry.left !== left) entry.box.style.left = entry.left = left;
      if (entry.top !== top) entry.box.style.top = entry.top = top;
      if (entry.width !== width) entry.box.style.width = entry.width = width;
      if (entry.height !== height) entry.box.style.height = entry.height = height;
      drawnBoxes.set(ad.id, entry);
      boxes.push(entry.box);
    }
    const kept = new Set(boxes);
    for (const old of root.querySelectorAll('.slot')) if (!kept.has(old)) old.remove();
    // The boxes in the findings' order (the order of the badges for the keyboard), moving only
    // those out of place: a new box is inserted, the others stay where they are.
    const nextBox = (node) => {
      while (node && !node.classList.contains('slot')) node = node.nextSibling;
      return node;
    };
    let next = nextBox(root.firstChild);
    for (const box of boxes) {
      if (box === next) next = nextBox(next.nextSibling);
      else root.insertBefore(box, next);
    }
    markMentions(findings);
  }

  // Brings a slot into view and marks it for a moment (the side panel's click-to-scroll).
  function focusSlot(id, element) {
    if (!element || !element.isConnected) return false;
    element.scrollIntoView({ block: 'center', behavior: 'instant' });
    const box = root && [...root.querySelectorAll('.slot')].find((b) => b.dataset.slot === id);
    if (box) {
      box.classList.add('focus');
      setTimeout(() => box.classList.remove('focus'), 2000);
    }
    return true;
  }

  function setPageHidden(value) {
    pageHidden = value === 'toggle' ? !hidden() : Boolean(value);
    applyHidden();
    return hidden();
  }

  // A change of the site's setting is the latest word, over this page's own earlier choice.
  function setSiteHidden(value) {
    if (siteHidden !== Boolean(value)) pageHidden = null;
    siteHidden = Boolean(value);
    applyHidden();
  }

  // Marks every occurrence of the mentioned brands' names in the page's text (or clears the marks):
  // boxes drawn over the words' rectangles in the overlay, so the page's DOM and layout stay as
  // they were. (The CSS Custom Highlight API is not available to content scripts' isolated world.)
  function markMentions(findings) {
    const names = findings?.mentioned || [];
    if (!mentionsOn || !names.length || !document.body) {
      for (const old of root.querySelectorAll('.mention')) old.remove();
      return 0;
    }
    const pattern = new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest('script,style,noscript,textarea') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    // The words' rectangles are all read before the marks are drawn (one layout, not one per mark).
    const rects = [];
    let marked = 0;
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(pattern)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        rects.push(...range.getClientRects());
        marked += 1;
      }
    }
    const x = scrollX;
    const y = scrollY;
    for (const old of root.querySelectorAll('.mention')) old.remove();
    for (const r of rects) {
      const mark = el('div', 'mention');
      mark.style.left = `${r.left + x}px`;
      mark.style.top = `${r.top + y}px`;
      mark.style.width = `${r.width}px`;
      mark.style.height = `${r.height}px`;
      root.append(mark);
    }
    return marked;
  }

  function highlightMentions(findings, on) {
    ensureHost();
    mentionsOn = Boolean(on);
    return markMentions(findings);
  }

  function clear() {
    if (root) for (const old of root.querySelectorAll('.slot, .mention')) old.remove();
    drawnBoxes = new Map();
  }

  // Whether `node` is the overlay's host: the only element of ours in the page's DOM (all else is
  // inside its closed shadow root).
  const isHost = (node) => node !== null && node === host;

  // Whether anything is drawn over the page (boxes or marks), which must follow the page's layout.
  const isDrawn = () => drawnBoxes.size > 0 || mentionsOn;

  return { draw, clear, focusSlot, setPageHidden, setSiteHidden, highlightMentions, isHidden: hidden, isHost, isDrawn };
})();
