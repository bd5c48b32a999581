// Reads the rendered page into a snapshot: text blocks with role and rectangle, and candidate ad
// slots. Follows the same rules as the CLI's reader (src/html.rs); both are documented in
// docs/snapshot.md. Runs in the content script's isolated world; page scripts cannot see it.
'use strict';

var BrandLensRead = (() => {
  const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'FIGCAPTION', 'CAPTION',
    'TD', 'TH', 'DD', 'DT', 'PRE', 'SUMMARY', 'DIV', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'NAV', 'ASIDE', 'MAIN',
    'UL', 'OL', 'DL', 'TABLE', 'TR', 'FIGURE', 'FORM', 'ADDRESS', 'DETAILS', 'BODY', 'BR', 'HR']);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'HEAD', 'SELECT', 'BUTTON',
    'TEXTAREA', 'BRANDLENS-OVERLAY']);
  // Class/id words that give an element its role, in the order src/html.rs checks them.
  const ROLE_HINTS = [['comment', 'comment'], ['reactie', 'comment'], ['kommentar', 'comment'],
    ['commentaire', 'comment'], ['disqus', 'comment'], ['cookie', 'banner'], ['consent', 'banner'],
    ['gdpr', 'banner'], ['newsletter', 'banner'], ['most-read', 'related'], ['mostread', 'related'],
    ['most_read', 'related'], ['meest-gelezen', 'related'], ['meistgelesen', 'related'], ['plus-lus', 'related'],
    ['related', 'related'], ['popular', 'related'], ['trending', 'related'], ['teaser', 'related'],
    ['recommend', 'related'], ['breadcrumb', 'navigation'], ['menu', 'navigation']];

  // What one reading may cost, whatever the page: elements visited, nesting followed, characters of
  // text kept, slots read. Past a limit the reader stops and says so in the snapshot's `skipped`
  // (same limits as the worker's, extension/worker/messages.js).
  const LIMITS = { elements: 100000, depth: 512, textChars: 2000000, slots: 500 };

  const signatures = globalThis.BRANDLENS_SIGNATURES;
  const slotSelectors = signatures.slotSelectors;
  const labels = new Set(Object.values(signatures.labels).flat().map(fold));

  function fold(text) {
    return text.normalize('NFKD').replace(/[\u0300-\u036f\u200b-\u200d\u2060\ufeff\u00ad]/g, '').toLowerCase();
  }

  function isLabel(text) {
    const t = fold(text.trim()).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    return t.length > 0 && labels.has(t);
  }

  function elementRole(el) {
    const tag = el.tagName;
    const aria = el.getAttribute('role');
    if (tag === 'NAV' || aria === 'navigation') return 'navigation';
    if (tag === 'FOOTER' || aria === 'contentinfo') return 'footer';
    if (tag === 'ASIDE' || aria === 'complementary') return 'related';
    const hints = `${el.getAttribute('class') || ''} ${el.id || ''}`.toLowerCase();
    for (const [word, role] of ROLE_HINTS) if (hints.includes(word)) return role;
    return null;
  }

  function slotKind(el) {
    for (const s of slotSelectors) {
      try {
        if (el.matches(s.selector)) return s.kind;
      } catch (_) { /* a selector this browser does not know */ }
    }
    return null;
  }

  // An element's shadow root, open or closed (extension-only APIs), or null.
  const dom = globalThis.chrome?.dom;
  function shadowRootOf(el) {
    try {
      return el.shadowRoot || (dom?.openOrClosedShadowRoot ? dom.openOrClosedShadowRoot(el) : el.openOrClosedShadowRoot) || null;
    } catch (_) {
      return null;
    }
  }

  function pageRect(el) {
    const r = el.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
  }

  function rectOfText(nodes) {
    const range = document.createRange();
    let box = null;
    for (const n of nodes) {
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const b = { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
      if (!box) box = b;
      else {
        const x = Math.min(box.x, b.x), y = Math.min(box.y, b.y);
        box = { x, y, w: Math.max(box.x + box.w, b.x + b.w) - x, h: Math.max(box.y + box.h, b.y + b.h) - y };
      }
    }
    return box;
  }

  // What an ad shows inside its element (same frame) or its own document (creative frame).
  function readCreative(root) {
    const clickUrls = [...root.querySelectorAll('a[href]')].slice(0, 20).map((a) => a.href.slice(0, 4096));
    const altTexts = [...root.querySelectorAll('img[alt], img[title]')].slice(0, 40)
      .map((i) => (i.getAttribute('alt') || i.getAttribute('title') || '').slice(0, 4096).trim()).filter(Boolean).slice(0, 20);
    const text = (root.innerText || root.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 2000);
    return { clickUrls, altTexts, text, frameUrl: location.href.slice(0, 4096) };
  }

  // Reads the whole document. Returns the snapshot and the slot elements by id.
  function readPage() {
    const blocks = [];
    const slots = [];
    const slotElements = new Map();
    let buffer = [];
    let bufferHasText = false;
    let bufferRole = 'body';
    let bufferLang = null;
    let seenH1 = false;
    let elements = 0;
    let textChars = 0;
    const skipped = new Map(); // reason -> part

    function skip(reason, part) {
      if (!skipped.has(reason)) skipped.set(reason, part);
    }

    function flush() {
      const text = buffer.map((n) => n.data).join('').replace(/\s+/g, ' ').trim();
      if (text.length >= 4 || [...text].length >= 2) {
        blocks.push({ id: blocks.length, text, role: bufferRole, rect: rectOfText(buffer), lang: bufferLang });
      }
      buffer = [];
      bufferHasText = false;
    }

    function readSlot(el, kind) {
      let id = (el.id || el.getAttribute('data-brandlens-slot') || '').slice(0, 200);
      if (!id) {
        id = `brandlens-slot-${slots.length}`;
        el.setAttribute('data-brandlens-slot', id);
      }
      const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
      let label = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (isLabel(n.data)) { label = n.data.trim(); break; }
      const prev = el.previousElementSibling;
      if (!label && prev && isLabel(prev.textContent || '')) label = prev.textContent.trim();
      if (!label && isLabel(text)) label = text;
      const creative = readCreative(el);
      if (label && creative.text === label) creative.text = '';
      const frames = [...el.querySelectorAll('iframe')].slice(0, 50)
        .map((f) => ({ name: (f.name || '').slice(0, 4096), src: (f.src || '').slice(0, 4096) }));
      slots.push({ id, kind, rect: pageRect(el), label, order: blocks.length, frames, creative });
      slotElements.set(id, el);
    }

    function walk(el, role, lang, depth) {
      if (++elements > LIMITS.elements) {
        skip('element limit', `elements after the first ${LIMITS.elements}`);
        return;
      }
      if (depth > LIMITS.depth) {
        skip('nesting limit', `content nested more than ${LIMITS.depth} elements deep`);
        return;
      }
      const tag = el.tagName.toUpperCase();
      if (SKIP_TAGS.has(tag) || tag.startsWith('BRANDLENS-OVERLAY') || el.hidden || el.getAttribute('aria-hidden') === 'true') return;
      if (shadowRootOf(el)) skip('shadow DOM not read', 'text inside shadow roots');
      const kind = slots.length < LIMITS.slots ? slotKind(el) : null;
      if (kind) {
        flush();
        readSlot(el, kind);
        return;
      }
      lang = el.getAttribute('lang') || lang;
      let own = elementRole(el) || role;
      if (own === 'body') {
        if (tag === 'H1' && !seenH1) own = 'title';
        else if (/^H[1-6]$/.test(tag)) own = 'heading';
        else if (tag === 'FIGCAPTION' || tag === 'CAPTION') own = 'caption';
      }
      if (tag === 'H1') seenH1 = true;
      const isBlock = BLOCK_TAGS.has(tag);
      if (isBlock) flush();
      if (tag === 'IMG') {
        const alt = el.getAttribute('alt') || '';
        if (alt.trim().split(/\s+/).length >= 3) {
          flush();
          blocks.push({ id: blocks.length, text: alt.replace(/\s+/g, ' ').trim(), role: own === 'body' ? 'caption' : own, rect: pageRect(el), lang });
        }
      }
      for (let child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (textChars + child.data.length > LIMITS.textChars) {
            skip('page text limit', `text after the first ${LIMITS.textChars} characters`);
            continue;
          }
          textChars += child.data.length;
          if (!bufferHasText) {
            bufferRole = own;
            bufferLang = lang;
            bufferHasText = child.data.trim() !== '';
          }
          buffer.push(child);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          walk(child, own, lang, depth + 1);
        }
      }
      if (isBlock) flush();
    }

    const pageLang = document.documentElement.getAttribute('lang');
    if (document.body) walk(document.body, 'body', pageLang, 0);
    flush();
    const title = (document.title || '').replace(/\s+/g, ' ').trim().slice(0, 4096);
    if (!seenH1 && title) blocks.push({ id: blocks.length, text: title, role: 'title', rect: null, lang: pageLang });
    const notes = [...skipped].map(([reason, part]) => ({ part, reason }));
    return { snapshot: { url: location.href.slice(0, 4096), title, lang: pageLang, blocks, slots, skipped: notes }, slotElements };
  }

  return { readPage, readCreative };
})();
