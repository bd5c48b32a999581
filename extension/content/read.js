// Reads the rendered page into a snapshot: text blocks with role and rectangle, and candidate ad
// slots. Follows the same rules as the CLI's reader (src/html.rs); both are documented in
// docs/snapshot.md. Runs in the content script's isolated world; page scripts cannot see it.
// Reading is chunked: it yields to the page every few milliseconds, so no task of ours on the main
// thread runs long, even on huge pages.
'use strict';

var BrandLensRead = (() => {
  const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'FIGCAPTION', 'CAPTION',
    'TD', 'TH', 'DD', 'DT', 'PRE', 'SUMMARY', 'DIV', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'NAV', 'ASIDE', 'MAIN',
    'UL', 'OL', 'DL', 'TABLE', 'TR', 'FIGURE', 'FORM', 'ADDRESS', 'DETAILS', 'BODY', 'BR', 'HR']);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'HEAD', 'SELECT', 'BUTTON',
    'TEXTAREA', 'BRANDLENS-OVERLAY']);
  // Label containers this large are page sections, not a sponsored teaser.
  const LABEL_CONTAINER_MAX_CHARS = 1500;
  // Class/id words that give an element its role, in the order src/html.rs checks them.
  const ROLE_HINTS = [['comment', 'comment'], ['reactie', 'comment'], ['kommentar', 'comment'],
    ['commentaire', 'comment'], ['disqus', 'comment'], ['cookie', 'banner'], ['consent', 'banner'],
    ['gdpr', 'banner'], ['newsletter', 'banner'], ['most-read', 'related'], ['mostread', 'related'],
    ['most_read', 'related'], ['meest-gelezen', 'related'], ['meistgelesen', 'related'], ['plus-lus', 'related'],
    ['related', 'related'], ['popular', 'related'], ['trending', 'related'], ['teaser', 'related'],
    ['recommend', 'related'], ['breadcrumb', 'navigation'], ['menu', 'navigation']];
  const ANY_ROLE_HINT = new RegExp(ROLE_HINTS.map(([word]) => word).join('|')); // plain words: nothing to escape
  // A slice of work runs at most this long before yielding to the page.
  const SLICE_MS = 8;
  // Marks a text node's entry on the reading stack.
  const TEXT = 'text';
  // What the readings of one page may cost together, whatever the page: elements visited, nesting
  // followed, characters of text kept, slots read. Past a limit the reader reads no further and says
  // so in the snapshot's `skipped` (the worker cuts to the same sizes: extension/worker/messages.js).
  const LIMITS = { elements: 100000, depth: 512, textChars: 2000000, blocks: 20000, slots: 500 };
  // Tag names in upper case (an SVG or XML element's tagName keeps its case).
  const upperTags = new Map();
  // Class names and ids sent to the worker for EasyList's generic rules: their length and number.
  const MAX_NAME = 256;
  const MAX_NAMES = 20000;
  // Class names and ids remembered as asked about, over the page's life (beyond these, new names
  // are asked about every time they come).
  const MAX_ASKED = 50000;
  // EasyList selector checks (selectors times elements) one reading may spend on rules that are not
  // a plain class or id: about 0.2 s of the browser's matching on a 10,000-element page with all of
  // EasyList's ~500 generic attribute rules, bounded the same on a 200,000-element one.
  const MATCH_BUDGET = 10000000;
  const SIMPLE_SELECTOR = /^[.#][\w-]+$/;
  // A rule that selects links by their address alone: `a` and conditions on `href`, nothing else.
  const LINK_RULE = /^a(\[href(?:[~|^$*]?=(?:"[^"\\\]]*"|'[^'\\\]]*'|[\w-]+)(?:\s+[is])?)?\])+$/;

  const signatureData = globalThis.BRANDLENS_SIGNATURES;
  const slotSelectors = signatureData.slotSelectors;
  const anySlotSelector = slotSelectors.map((s) => s.selector).join(', ');
  const { PageFacts, canMatch } = BrandLensSelectors;
  // The ad labels, folded, as one expression (made on first use): a text of a label, with anything
  // but letters and digits before and after it (the first and second groups). Every label folds to
  // ASCII letters, digits and spaces.
  let labelPattern = null;
  function labelExpression() {
    if (!labelPattern) {
      // Only labels that begin and end with a letter or digit: isLabel strips anything else.
      const words = Object.values(signatureData.labels).flat().map(fold).filter((l) => /^[a-z0-9](?:[\x00-\x7f]*[a-z0-9])?$/.test(l));
      const alternatives = words.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
      labelPattern = new RegExp(`^([^a-z0-9]*)(?:${alternatives})([^a-z0-9]*)$`, 'i');
    }
    return labelPattern;
  }
  // Made only when a label stands beside other than ASCII: compiling Unicode's letter and digit
  // classes cost 1-7 ms of a page's reading when it was made for every page.
  let letterOrDigit = null;

  // Page strings (URLs, ids, alt texts) can be megabytes long: keep what a report can use.
  const { cut } = BrandLensCreative; // content/creative.js, which every frame runs

  // The only elements that can host a shadow root (attachShadow() and declarative shadow roots
  // refuse any other): these HTML elements and custom elements, whose names hold a hyphen.
  const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5',
    'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const NOT_SPACE = /\S/;
  const dom = globalThis.chrome?.dom;

  // An element's shadow root, open or closed (closed ones through the extension-only API), or null.
  // The extension API is a costly call (about 8 µs, more than reading the element), so it is asked
  // only about elements that can host a root and look like a host: a custom element, or one of the
  // built-in hosts that shows nothing of its own (no child elements, no text but white space; a
  // script or a declarative shadow root fills it). A built-in element with content of its own
  // and a closed root is read without the root (docs/snapshot.md).
  function shadowRootOf(el, name) {
    // No other element can have a shadow root at all: not even its own root is asked for.
    if (!SHADOW_HOSTS.has(name) && !name.includes('-')) return null;
    try {
      const open = el.shadowRoot;
      if (open) return open;
      if (!name.includes('-')) {
        if (el.firstElementChild || el.namespaceURI !== HTML_NS) return null;
        for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 && NOT_SPACE.test(c.data)) return null;
      } else if (el.namespaceURI !== HTML_NS) return null;
      return dom?.openOrClosedShadowRoot?.(el) || el.openOrClosedShadowRoot || null;
    } catch (_) {
      return null;
    }
  }

  function fold(text) {
    return text.normalize('NFKD').replace(/[\u0300-\u036f\u200b-\u200d\u2060\ufeff\u00ad]/g, '').toLowerCase();
  }

  // Answers for short texts other than ASCII already seen: pages repeat the same few words, and
  // folding one costs a Unicode normalisation.
  const labelAnswers = new Map();
  const LABEL_ANSWERS_MAX = 10000;

  const ASCII = /^[\x00-\x7f]*$/;

  // Whether a text is an ad label ("Advertentie", "— Anzeige —"): folded, and stripped of anything
  // but letters and digits at either end, it is one of the labels.
  function isLabel(text) {
    if (text.length > 60) return false;
    // Most short texts are ASCII, and folding ASCII is lower-casing (NFKD leaves it as it is; the
    // characters fold removes are not ASCII): one test, with no string made.
    if (ASCII.test(text)) return labelExpression().test(text);
    let answer = labelAnswers.get(text);
    if (answer === undefined) {
      const match = labelExpression().exec(fold(text));
      // What stands around the label must hold no letter or digit of any script ("広告 Anzeige" is not
      // the label "anzeige"); ASCII ones the expression has ruled out.
      const around = match ? match[1] + match[2] : '';
      answer = match !== null && (ASCII.test(around) || !(letterOrDigit ??= /[\p{L}\p{N}]/u).test(around));
      if (labelAnswers.size >= LABEL_ANSWERS_MAX) labelAnswers.clear();
      labelAnswers.set(text, answer);
    }
    return answer;
  }

  // Gives the page back its main thread between slices of work. The next slice starts in a callback
  // of ours (not scheduler.yield()'s bare continuation), so the browser's traces and DevTools
  // attribute it to the extension and its cost can be measured (tests/e2e/mainthread.mjs).
  function yieldToPage() {
    return new Promise((resolve) => {
      if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(() => resolve(), { priority: 'user-visible' });
      else setTimeout(() => resolve(), 0);
    });
  }

  // Resolves in the browser's first idle period, which comes after it has laid out and painted the
  // page. Reading rectangles before that would force the page's first layout into our task: on a
  // huge page that alone is far over 50 ms, and the browser does it anyway. (A requestAnimationFrame
  // callback would run inside the rendering task itself.)
  function afterRender() {
    return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 }));
  }

  // Resolves in a task right after the browser's next frame, when the page's layout is fresh: a
  // change read (or an overlay drawn) then asks rectangles without laying the page out in our
  // task. The browser does not lay out a changed page at once (a rectangle asked 150 ms after a
  // paragraph was added still cost a layout), so without this wait the layout falls into ours.
  // Hidden tabs draw no frames: then it resolves after FRAME_WAIT_MS.
  const FRAME_WAIT_MS = 100;
  function afterFrame() {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FRAME_WAIT_MS);
      requestAnimationFrame(() => yieldToPage().then(() => { clearTimeout(timer); resolve(); }));
    });
  }

  // Tells a loop when its slice is used up: `if (slice.due()) await slice.yield();`. The check is
  // synchronous: an `await` per node would cost a microtask per node.
  function timeSlicer() {
    let start = performance.now();
    let calls = 0;
    return {
      // The clock is read on every 8th call, as a node's own work is a few microseconds, or on
      // every call with `always` (after costly work: a selector query, a slot read).
      due: (always = false) => ((++calls & 7) === 0 || always) && performance.now() - start >= SLICE_MS,
      yield: async () => {
        await yieldToPage();
        start = performance.now();
      },
    };
  }

  const roleHints = new Map();

  function elementRole(el, attributes = el.hasAttributes()) {
    const tag = el.tagName;
    if (!attributes) {
      if (tag === 'NAV') return 'navigation';
      if (tag === 'FOOTER') return 'footer';
      if (tag === 'ASIDE') return 'related';
      return null;
    }
    const aria = el.getAttribute('role');
    if (tag === 'NAV' || aria === 'navigation') return 'navigation';
    if (tag === 'FOOTER' || aria === 'contentinfo') return 'footer';
    if (tag === 'ASIDE' || aria === 'complementary') return 'related';
    const cls = el.getAttribute('class');
    const id = el.id;
    if (!cls && !id) return null;
    const hints = `${cls || ''} ${id || ''}`;
    // Pages repeat the same class attributes on many elements: each is looked through once.
    let role = roleHints.get(hints);
    if (role === undefined) {
      const lower = hints.toLowerCase();
      role = null;
      // One search says whether any hint is there (most class names hold none); the list's order
      // then says which one counts.
      if (ANY_ROLE_HINT.test(lower)) for (const [word, r] of ROLE_HINTS) if (lower.includes(word)) { role = r; break; }
      if (roleHints.size >= 10000) roleHints.clear();
      roleHints.set(hints, role);
    }
    return role;
  }

  // Whether every slot selector names an attribute (id, class, data-…, src) of the element it
  // selects: then an element without attributes is no slot, and most elements of a page are asked
  // nothing more. Whether the browser knows every selector: then one match call says if any does.
  const SELECTORS_NEED_ATTRIBUTES = slotSelectors.every((s) => s.selector.split(',')
    .map((one) => one.replace(/\[[^\]]*\]/g, '[]').trim())
    .every((one) => /[.#[][^\s>+~]*$/.test(one) && !/[()]/.test(one)));
  // Found out on first use.
  let anySlotSelectorValid = null;

  // The slot signatures worth trying on the part of a page a survey saw (`facts`): those that can
  // select an element there (content/selectors.js). Without facts, all of them.
  function slotMatcher(facts) {
    const list = facts ? slotSelectors.filter((s) => canMatch(s.selector, facts)) : slotSelectors;
    return { list, any: list.map((s) => s.selector).join(', ') };
  }
  const ALL_SLOTS = slotMatcher(null);

  function signatureKind(el, signatures = ALL_SLOTS) {
    if (!signatures.list.length) return null;
    if (SELECTORS_NEED_ATTRIBUTES && !el.hasAttributes()) return null;
    if (anySlotSelectorValid === null) {
      try {
        document.createElement('div').matches(anySlotSelector);
        anySlotSelectorValid = true;
      } catch (_) {
        anySlotSelectorValid = false;
      }
    }
    if (anySlotSelectorValid && !el.matches(signatures.any)) return null;
    for (const s of signatures.list) {
      try {
        if (el.matches(s.selector)) return s.kind;
      } catch (_) { /* a selector this browser does not know */ }
    }
    return null;
  }

  function containsSignatureSlot(el) {
    try {
      return Boolean(el.querySelector(anySlotSelector));
    } catch (_) {
      return false;
    }
  }

  function pageRect(el) {
    const r = el.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
  }

  let textRange = null; // made on first use

  // Adds the client rectangle `r` (unless empty) to `box`, in page coordinates.
  function unite(box, r) {
    if (r.width === 0 && r.height === 0) return box;
    const b = { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
    if (!box) return b;
    const x = Math.min(box.x, b.x), y = Math.min(box.y, b.y);
    return { x, y, w: Math.max(box.x + box.w, b.x + b.w) - x, h: Math.max(box.y + box.h, b.y + b.h) - y };
  }

  // The rectangle of a block's text: the union of its text nodes' rectangles. When nothing but
  // text and elements read into lies between the block's first and last words (`plain`), one range
  // from the first to the last text node with words gives those nodes' union in one browser call;
  // the white space before and after them is measured node by node (a rendered space there widens
  // the block). Otherwise (an image, a skipped or hidden element inside the block, whose box a
  // range would add) every node is measured on its own.
  function rectOfText(nodes, plain) {
    const range = (textRange ??= document.createRange());
    let first = 0;
    let last = nodes.length - 1;
    if (plain) {
      while (first < last && !NOT_SPACE.test(nodes[first].data)) first++;
      while (last > first && !NOT_SPACE.test(nodes[last].data)) last--;
    }
    let box = null;
    if (plain && first < last) {
      range.setStart(nodes[first], 0);
      range.setEnd(nodes[last], nodes[last].length);
      box = unite(box, range.getBoundingClientRect());
      for (let i = 0; i < first; i++) {
        range.selectNodeContents(nodes[i]);
        box = unite(box, range.getBoundingClientRect());
      }
      for (let i = last + 1; i < nodes.length; i++) {
        range.selectNodeContents(nodes[i]);
        box = unite(box, range.getBoundingClientRect());
      }
      return box;
    }
    for (const n of nodes) {
      range.selectNodeContents(n);
      box = unite(box, range.getBoundingClientRect());
    }
    return box;
  }

  // Elements under `root` that EasyList's cosmetic rules for this page select: `linkRules` tried on
  // the links under `root` (`links`, from survey), `selectors` by queries. They are tried in
  // batches, one by one only when a batch holds a selector this browser does not know. A batch
  // costs about its size times the page's element count, so batches shrink on big pages to keep
  // each task within a slice.
  //
  // Most of EasyList's generic rules are links by address (`a[href^="https://ad…"]`, about 400 of
  // 500): trying those on the links alone, not by a query that checks every element of the page
  // against each, finds the same elements at a fraction of the checks.
  //
  // An element added to the page is tried itself too, as a reading of the whole page would try it.
  async function matchSelectors(root, linkRules, selectors, links, elements) {
    const matched = new Set();
    const slice = timeSlicer();
    const tryRoot = root !== document.body;
    const add = (list) => { for (const el of list) matched.add(el); };
    const query = (selector) => {
      add(root.querySelectorAll(selector));
      if (tryRoot && root.matches(selector)) matched.add(root);
    };
    const linksToTry = tryRoot && root.localName === 'a' ? [root, ...links] : links;
    if (linkRules.length && linksToTry.length) {
      const present = linksToTry.filter((a) => a.isConnected && root.contains(a));
      for (let i = 0; i < linkRules.length; i += 100) {
        const batch = linkRules.slice(i, i + 100);
        let joined = batch.join(',');
        try {
          document.createElement('a').matches(joined);
        } catch (_) {
          joined = null; // one selector this browser does not know: each is tried alone
        }
        for (const a of present) {
          if (slice.due()) await slice.yield();
          if (joined !== null) {
            if (a.matches(joined)) matched.add(a);
          } else {
            for (const s of batch) try { if (a.matches(s)) { matched.add(a); break; } } catch (_) { /* unknown */ }
          }
        }
      }
    }
    // Selectors per query: sized from the time per selector so far, so that a query fits in a
    // slice (on a 200,000-element page one selector alone takes several milliseconds).
    let size = elements > 10000 ? 1 : 4;
    for (let i = 0; i < selectors.length;) {
      const batch = selectors.slice(i, i + size);
      const start = performance.now();
      try {
        query(batch.join(','));
      } catch (_) {
        for (const s of batch) try { query(s); } catch (_) { /* unknown to this browser */ }
      }
      i += batch.length;
      const took = performance.now() - start;
      const perSelector = took / batch.length;
      size = Math.max(1, Math.min(100, size * 2, Math.floor(SLICE_MS / 2 / Math.max(perSelector, 0.001))));
      if (slice.due(true)) await slice.yield();
    }
    return matched;
  }

  // One pass over `root` before it is read: what its elements are (`facts`: their tags, attribute
  // names, ids and classes), for the worker to pick EasyList's generic rules and for the reader to
  // try only the selectors that can match; and the text nodes that are ad labels ("Gesponsord",
  // "Anzeige", …), for labelContainers.
  async function survey(root) {
    const facts = new PageFacts();
    const labelNodes = [];
    const links = []; // <a> elements under root (not root itself, as querySelectorAll)
    const slice = timeSlicer();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let elements = 0;
    for (let n = root.nodeType === Node.ELEMENT_NODE ? root : walker.nextNode(); n; n = walker.nextNode()) {
      if (slice.due()) await slice.yield();
      if (n.nodeType === Node.TEXT_NODE) {
        if (isLabel(n.data)) labelNodes.push(n);
        continue;
      }
      elements++;
      if (n !== root && (n.localName === 'a' || n.localName === 'A')) links.push(n);
      facts.add(n, n.hasAttributes());
    }
    // No filter rule names a class or id this long; a page's megabyte-long ones are not sent.
    const names = (set) => [...set].filter((name) => name && name.length <= MAX_NAME).slice(0, MAX_NAMES);
    return { classes: names(facts.classNames()), ids: names(facts.values.get('id')), elements, labelNodes, links, facts };
  }

  // Sponsored teasers: the smallest element around an ad label ("Gesponsord", "Anzeige", …) that
  // holds more than the label itself, unless it holds a slot that signatures already find.
  async function labelContainers(labelNodes) {
    const found = new Set();
    const slice = timeSlicer();
    for (const n of labelNodes) {
      if (slice.due(true)) await slice.yield();
      if (!isLabel(n.data)) continue;
      const label = n.data.trim();
      let el = n.parentElement;
      while (el && el !== document.body && (el.textContent || '').trim() === label && !el.querySelector('img, iframe, a[href]')) {
        el = el.parentElement;
      }
      if (!el || el === document.body || ['MAIN', 'ARTICLE', 'HTML'].includes(el.tagName)) continue;
      // A label right before a signature slot is that slot's label.
      const next = n.parentElement?.nextElementSibling;
      if (next && (signatureKind(next) || containsSignatureSlot(next))) continue;
      if (containsSignatureSlot(el) || signatureKind(el)) continue;
      if ((el.textContent || '').length > LABEL_CONTAINER_MAX_CHARS) continue;
      found.add(el);
    }
    return found;
  }

  const CHILDREN_LISTED = 256;

  // Lists the next children of a walk frame (see Reader.enter): the shadow root's, then the
  // element's own. `frame.parent` is the node being listed and `frame.from` where its children
  // begin in `frame.children`.
  function listChildren(frame) {
    let n = 0;
    for (;;) {
      frame.pending = resumePoint(frame);
      while (frame.pending && n < CHILDREN_LISTED) {
        frame.children.push(frame.pending);
        frame.pending = frame.pending.nextSibling;
        n++;
      }
      if (frame.pending || !frame.host) return;
      // The shadow root's children are all listed: the element's own follow.
      frame.shadowEnd = frame.children.length;
      frame.from = frame.children.length;
      frame.parent = frame.host;
      frame.pending = frame.host.firstChild;
      frame.host = null;
      if (n >= CHILDREN_LISTED) return;
    }
  }

  // The next child to list. The page may have removed it while the walk yielded (its next sibling
  // is then gone too): listing goes on after the last listed child still in place, or from the
  // first child when none is (every child there is then unlisted).
  function resumePoint(frame) {
    const { pending, parent } = frame;
    if (!pending || pending.parentNode === parent) return pending;
    for (let i = frame.children.length - 1; i >= frame.from; i--) {
      if (frame.children[i].parentNode === parent) return frame.children[i].nextSibling;
    }
    return parent.firstChild;
  }

  // Reads the page (or, for an update, subtrees added to it) into blocks and slots. One reader
  // lives as long as the page does, so ids stay unique across updates.
  class Reader {
    constructor() {
      this.blocks = [];
      this.slots = [];
      this.slotElements = new Map();
      this.slotIds = new WeakMap();
      this.easylist = new Set();
      this.labelled = new Set();
      // EasyList's selectors for this page (learnRules): `asked` the class names (`.name`) and ids
      // (`#id`) the worker was asked about, `known` every selector it gave, sorted by how they are
      // tried (see matchSelectors and affordable).
      this.rules = { answered: false, asked: new Set(), known: new Set(), links: [], simple: [], complex: [] };
      this.seenH1 = false;
      this.buffer = [];
      this.bufferHasText = false; // whether the buffer holds more than white space
      this.bufferPlain = true; // whether only text and elements read into lie between its text nodes
      this.unreadSince = false; // whether an element not read into came after the buffer's last text node
      this.bufferRole = 'body';
      this.bufferLang = null;
      this.nextBlock = 0;
      this.nextSlot = 0;
      this.out = null;
      // Spent against LIMITS over the page's life, so a page that adds content forever is bounded.
      this.elements = 0;
      this.textChars = 0;
      this.skipped = new Map(); // reason -> part
    }

    skip(reason, part) {
      if (!this.skipped.has(reason)) this.skipped.set(reason, part);
    }

    skippedNotes() {
      return [...this.skipped].map(([reason, part]) => ({ part, reason }));
    }

    // `rectOf()`: the block's rectangle, measured only for a block that is kept.
    addBlock(text, role, rectOf, lang) {
      if (this.nextBlock >= LIMITS.blocks) {
        this.skip('block limit', `text blocks after the first ${LIMITS.blocks}`);
        return;
      }
      this.out.blocks.push({ id: this.nextBlock++, text, role, rect: rectOf(), lang });
    }

    flush() {
      const text = this.buffer.map((n) => n.data).join('').replace(/\s+/g, ' ').trim();
      // At least two characters (code points: a string of 3 code units holds at least 2).
      if (text.length >= 3 || (text.length === 2 && !(text.charCodeAt(0) >= 0xd800 && text.charCodeAt(0) <= 0xdbff && text.charCodeAt(1) >= 0xdc00 && text.charCodeAt(1) <= 0xdfff))) {
        this.addBlock(text, this.bufferRole, () => rectOfText(this.buffer, this.bufferPlain), this.bufferLang);
      }
      this.buffer = [];
      this.bufferHasText = false;
      this.bufferPlain = true;
      this.unreadSince = false;
    }

    // `signatures`: the slot signatures to try (slotMatcher).
    slotKind(el, signatures) {
      const kind = signatureKind(el, signatures);
      if (kind) return kind;
      if (this.labelled.has(el)) return 'label';
      if (this.easylist.has(el)) {
        // EasyList often selects a wrapper around a slot that signatures name better, or the
        // slot's label alone.
        if (containsSignatureSlot(el)) return null;
        if (!el.querySelector('img, iframe, a[href]') && isLabel(el.textContent || '')) return null;
        // Collapsed placeholders hold no ad.
        const r = el.getBoundingClientRect();
        if (r.width * r.height < 2) return null;
        return 'easylist';
      }
      return null;
    }

    // Reads one slot; called again for a slot whose content changed (keeps its id).
    readSlot(el, kind) {
      let id = this.slotIds.get(el);
      if (!id) {
        id = el.id && el.id.length <= 200 && !this.slotElements.has(el.id) ? el.id : `brandlens-slot-${this.nextSlot}`;
        this.nextSlot++;
        this.slotIds.set(el, id);
      }
      const text = (el.innerText || '').slice(0, 20000).replace(/\s+/g, ' ').trim();
      let label = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (isLabel(n.data)) { label = n.data.trim(); break; }
      const prev = el.previousElementSibling;
      if (!label && prev && isLabel(prev.textContent || '')) label = prev.textContent.trim();
      if (label) label = cut(label);
      if (!label && isLabel(text)) label = text;
      const creative = BrandLensCreative.readCreative(el); // content/creative.js
      if (label && creative.text === label) creative.text = '';
      const frames = [...el.querySelectorAll('iframe')].slice(0, 50).map((f) => ({ name: cut(f.name || ''), src: cut(f.src || '') }));
      if (el.tagName === 'IFRAME') frames.push({ name: cut(el.name || ''), src: cut(el.src || '') });
      const slot = { id, kind, rect: pageRect(el), label, order: this.nextBlock, frames, creative };
      this.slotElements.set(id, el);
      return slot;
    }

    // An element the walk does not read into, inside the block being gathered: the block's
    // rectangle must leave it out.
    unread() {
      if (this.bufferHasText) this.unreadSince = true;
    }

    // The walk passes into or out of a shadow root: a range cannot span two trees, so the block
    // being gathered is measured node by node.
    treeChange() {
      if (this.buffer.length) this.bufferPlain = false;
    }

    // Walks `root` without recursion, yielding to the page between slices. The stack holds one
    // frame per open element: its children listed so far (listChildren), the next child to read,
    // and what the children inherit. `signatures`: the slot signatures that can match under `root`,
    // as its survey saw it (slotMatcher); inside a shadow root, which the survey does not enter, all.
    async walk(root, role, lang, signatures) {
      const slice = timeSlicer();
      const frames = [];
      this.walkSignatures = signatures;
      if (!this.enter(root, role, lang, false, 0, frames, false)) return;
      let slots = this.out.slots.length;
      while (frames.length) {
        // A slot read (its text, frames, rectangle) costs more than a node: the clock is read after one.
        if (slice.due(slots !== this.out.slots.length)) await slice.yield();
        slots = this.out.slots.length;
        const frame = frames[frames.length - 1];
        if (frame.next >= frame.children.length && frame.pending) listChildren(frame);
        if (frame.next === frame.shadowEnd) this.treeChange();
        if (frame.next >= frame.children.length) {
          frames.pop();
          if (BLOCK_TAGS.has(frame.tag)) this.flush();
          continue;
        }
        const index = frame.next++;
        const child = frame.children[index];
        const type = child.nodeType;
        if (type === 1) {
          // shadowEnd -2: the shadow root's children are still being listed.
          const inShadow = frame.inShadow || frame.shadowEnd === -2 || index < frame.shadowEnd;
          if (!this.enter(child, frame.role, frame.lang, frame.wrapper, frame.depth + 1, frames, inShadow)) return;
        } else if (type === 3 && !frame.wrapper) {
          this.text(child, frame.role, frame.lang);
        }
      }
    }

    text(node, role, lang) {
      const data = node.data;
      if (this.textChars + data.length > LIMITS.textChars) {
        this.skip('page text limit', `text after the first ${LIMITS.textChars} characters`);
        this.unread(); // text left out: the block's rectangle must leave it out too
        return;
      }
      this.textChars += data.length;
      // The block takes the role and language of its first words (a flag, not a look back over
      // the buffer: a page can put thousands of white-space nodes before them).
      if (!this.bufferHasText) {
        this.bufferRole = role;
        this.bufferLang = lang;
        this.bufferHasText = data.trim() !== '';
      }
      if (this.unreadSince && data.trim() !== '') this.bufferPlain = false;
      this.buffer.push(node);
    }

    // Reads an element itself; pushes a frame for its children when they are to be read. Returns
    // false when the page's element limit is reached (the reading stops there).
    enter(el, parentRole, parentLang, adWrapper, depth, frames, inShadow) {
      if (++this.elements > LIMITS.elements) {
        this.skip('element limit', `elements after the first ${LIMITS.elements}`);
        return false;
      }
      if (depth > LIMITS.depth) {
        this.skip('nesting limit', `content nested more than ${LIMITS.depth} elements deep`);
        this.unread();
        return true;
      }
      const tagName = el.tagName;
      let tag = upperTags.get(tagName);
      if (tag === undefined) {
        tag = tagName.toUpperCase();
        if (upperTags.size < 1000) upperTags.set(tagName, tag);
      }
      if (SKIP_TAGS.has(tag) && tag !== 'IFRAME') {
        this.unread();
        return true;
      }
      // A slot is found even when the page marks it hidden: pages cannot hide an ad from us.
      let kind = this.slotKind(el, inShadow ? ALL_SLOTS : this.walkSignatures);
      if (kind && !this.hasSlotRoom()) {
        this.skip('slot limit', `ad slots after the first ${LIMITS.slots}`);
        kind = null;
      }
      if (kind) {
        this.flush();
        this.out.slots.push(this.readSlot(el, kind));
        return true;
      }
      // Most elements of a page have no attributes at all: nothing more to ask them.
      const attributes = el.hasAttributes();
      if (tag === 'IFRAME' || (attributes && (el.hidden || el.getAttribute('aria-hidden') === 'true'))) {
        this.unread();
        return true;
      }
      const ownLang = (attributes && el.getAttribute('lang')) || parentLang;
      let own = elementRole(el, attributes) || parentRole;
      if (own === 'body') {
        if (tag === 'H1' && !this.seenH1) own = 'title';
        else if (tag.length === 2 && tag[0] === 'H' && tag[1] >= '1' && tag[1] <= '6') own = 'heading';
        else if (tag === 'FIGCAPTION' || tag === 'CAPTION') own = 'caption';
      }
      if (tag === 'H1') this.seenH1 = true;
      if (BLOCK_TAGS.has(tag)) this.flush();
      if (tag === 'IMG') {
        const alt = el.getAttribute('alt') || '';
        if (alt.trim().split(/\s+/).length >= 3) {
          this.flush();
          this.addBlock(alt.replace(/\s+/g, ' ').trim(), own === 'body' ? 'caption' : own, () => pageRect(el), ownLang);
        }
      }
      const wrapper = adWrapper || this.easylist.has(el);
      // An element with no children of its own (an image, an input, an icon) or whose own text is
      // not read still has a box inside the block.
      if (wrapper || !el.firstChild) this.unread();
      // A shadow root's content (open or closed) is read before the element's own children, which
      // it shows only where it has a <slot>.
      const shadow = shadowRootOf(el, el.localName);
      if (shadow) this.treeChange();
      // The children are listed as the walk reaches them, CHILDREN_LISTED at a time (an element
      // can have tens of thousands: listing them all at once was a long task of its own).
      // shadowEnd: where the shadow root's children end and the element's own begin (-1: no
      // shadow root; -2: not reached yet).
      const frame = { tag, children: [], next: 0, parent: shadow || el, from: 0, pending: shadow ? shadow.firstChild : el.firstChild,
        host: shadow ? el : null, role: own, lang: ownLang, wrapper, depth, shadowEnd: shadow ? -2 : -1, inShadow };
      listChildren(frame);
      frames.push(frame);
      return true;
    }

    // The selectors worth trying on `elements` elements. A class or id selector is cheap to match;
    // any other (attribute, tag, combinator) costs a check of every element, so on a huge page only
    // as many are tried as MATCH_BUDGET allows, and the report says the rest were skipped.
    affordable(elements, possible) {
      const simple = possible(this.rules.simple);
      const complex = possible(this.rules.complex);
      const room = Math.floor(MATCH_BUDGET / Math.max(1, elements));
      if (complex.length > room) {
        this.skip('filter limit', `${complex.length - room} of ${complex.length} EasyList attribute and tag rules on a page of ${elements} elements`);
      }
      return [...simple, ...complex.slice(0, room)];
    }

    // Asks the worker for EasyList's selectors for the class names and ids not asked about yet
    // (the first question also brings the page's own rules and the generic ones that name no class
    // or id), and keeps them for the rest of the page's life: content added later that brings no new
    // name needs no question. Names are noted as asked only once answered.
    async learnRules(classes, ids, elements, cosmetic) {
      const { asked } = this.rules;
      const newClasses = classes.filter((c) => !asked.has(`.${c}`));
      const newIds = ids.filter((id) => !asked.has(`#${id}`));
      if (!cosmetic || (this.rules.answered && !newClasses.length && !newIds.length)) return;
      const selectors = await cosmetic({ classes: newClasses, ids: newIds, elements });
      if (!selectors) return;
      this.rules.answered = true;
      if (asked.size < MAX_ASKED) {
        for (const c of newClasses) asked.add(`.${c}`);
        for (const id of newIds) asked.add(`#${id}`);
      }
      for (const selector of selectors) {
        if (this.rules.known.has(selector)) continue;
        this.rules.known.add(selector);
        if (LINK_RULE.test(selector)) this.rules.links.push(selector);
        else if (SIMPLE_SELECTOR.test(selector)) this.rules.simple.push(selector);
        else this.rules.complex.push(selector);
      }
    }

    // Prepares the ad matchers for `root`: EasyList's selectors (all the page's known so far, as
    // a fresh reading of the whole page would try them all, but only those that can select an
    // element under `root`) and label containers. Returns the slot signatures to try there
    // (slotMatcher).
    async prepare(root, cosmetic) {
      const { classes, ids, elements, labelNodes, links, facts } = await survey(root);
      await this.learnRules(classes, ids, elements, cosmetic);
      // Taking in the worker's answer and sorting out the rules that can match are a few
      // milliseconds each on a cold script: each has a task of its own.
      await yieldToPage();
      const possible = (selectors) => selectors.filter((s) => canMatch(s, facts));
      const linkRules = possible(this.rules.links);
      const rules = this.affordable(elements, possible);
      await yieldToPage();
      for (const el of await matchSelectors(root, linkRules, rules, links, elements)) this.easylist.add(el);
      for (const el of await labelContainers(labelNodes)) this.labelled.add(el);
      return slotMatcher(facts);
    }

    // Reads the whole document.
    async readPage(cosmetic) {
      this.out = { blocks: [], slots: [] };
      const body = document.body;
      const pageLang = document.documentElement.getAttribute('lang');
      if (body) {
        const signatures = await this.prepare(body, cosmetic);
        await this.walk(body, 'body', pageLang, signatures);
      }
      this.flush();
      const title = cut(document.title || '').replace(/\s+/g, ' ').trim();
      if (!this.seenH1 && title) this.addBlock(title, 'title', () => null, pageLang);
      this.blocks = this.out.blocks;
      this.slots = this.out.slots;
      return { url: cut(location.href), title, lang: pageLang && cut(pageLang), blocks: this.blocks, slots: this.slots, skipped: this.skippedNotes() };
    }

    // Reads elements added since the last read; returns only the new blocks and slots, and the
    // known slots that changed (an ad's iframe arriving late). Unchanged parts are not read again.
    async readAdded(elements, cosmetic) {
      this.out = { blocks: [], slots: [] };
      const changedSlots = new Map();
      for (const el of elements) {
        if (!el.isConnected) continue;
        const slotEl = this.slotOf(el);
        if (slotEl) {
          const id = this.slotIds.get(slotEl);
          changedSlots.set(id, this.readSlot(slotEl, this.slots.find((s) => s.id === id)?.kind || 'label'));
          continue;
        }
        // An ad slot by its signature is read as a slot, nothing inside it as page text: EasyList
        // and label containers would change nothing.
        const signatures = signatureKind(el) && this.hasSlotRoom() ? ALL_SLOTS : await this.prepare(el, cosmetic);
        let role = 'body';
        for (let a = el.parentElement; a; a = a.parentElement) {
          const r = elementRole(a);
          if (r) { role = r; break; }
        }
        const lang = el.parentElement?.closest('[lang]')?.getAttribute('lang') || null;
        await this.walk(el, role, lang, signatures);
        this.flush();
      }
      this.blocks.push(...this.out.blocks);
      this.slots.push(...this.out.slots);
      for (const slot of changedSlots.values()) {
        const i = this.slots.findIndex((s) => s.id === slot.id);
        if (i >= 0) this.slots[i] = slot;
      }
      return { blocks: this.out.blocks, slots: [...this.out.slots, ...changedSlots.values()], skipped: this.skippedNotes() };
    }

    // Whether a slot's element left the page since the slots were last forgotten.
    hasRemovedSlots() {
      for (const el of this.slotElements.values()) if (!el.isConnected) return true;
      return false;
    }

    // Forgets the slots whose elements left the page (an infinite scroll unloading what it passed,
    // a slot taken down); returns their ids. An element that comes back is read as new.
    forgetRemovedSlots() {
      const removed = [];
      for (const [id, el] of this.slotElements) {
        if (el.isConnected) continue;
        removed.push(id);
        this.slotElements.delete(id);
        this.slotIds.delete(el);
      }
      if (removed.length) this.slots = this.slots.filter((s) => this.slotElements.has(s.id));
      return removed;
    }

    // Whether another slot may be read: the limit is on the slots the page has now (those removed
    // since are forgotten), so a page that replaces its ads for hours keeps being read.
    hasSlotRoom() {
      return this.slotElements.size < LIMITS.slots;
    }

    // The known slot element holding `el`, if any.
    slotOf(el) {
      for (let a = el; a; a = a.parentElement) if (this.slotIds.has(a)) return a;
      return null;
    }
  }

  return { Reader, afterRender, afterFrame, yieldToPage };
})();
