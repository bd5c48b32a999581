// Which CSS selectors can match anything on a page, from what one pass over the page saw: its tag
// names, attribute names, and the values of the attributes that ad rules test most (id, class,
// href, src). The reader then asks the browser to match only those: matching a selector costs a
// check of every element, and most of EasyList's generic rules and of the ad signatures name
// something a given page does not have.
//
// A selector is left out only when its subject (its last compound: the element it selects) needs a
// tag, an attribute or a value that no element seen has. Whatever this does not understand (an
// escape, a namespace, a pseudo-class and what follows it) is not used to leave a selector out, so
// the answer is never "no" for a selector that could match. Names and values are compared in lower
// case, which can only keep more (HTML's tag and attribute names, and class and id in quirks mode,
// match without case).
//
// The worker parses the rules it sends (a service worker's code is warm; the page's is not) and
// sends each rule's requirements with it (`learn`).
'use strict';

// Set on globalThis, not declared: the worker imports this file as a module.
globalThis.BrandLensSelectors = (() => {
  // Attributes whose values are kept: those the rules test by value.
  const VALUED = new Set(['id', 'class', 'href', 'src']);
  // Distinct names and values kept per kind; past this the facts are incomplete and every
  // selector is kept.
  const MAX_FACTS = 20000;
  // A value longer than this is not kept (a page can make one megabytes long): its attribute is
  // then `cut`, and any test of its values passes.
  const MAX_VALUE = 4096;

  // `map`'s value for `key`, made by `make()` the first time.
  function memo(map, key, make) {
    let value = map.get(key);
    if (value === undefined) {
      value = make();
      map.set(key, value);
    }
    return value;
  }

  // What a pass over a page saw. `add(el)` for each element; `complete` false once a limit is hit.
  // Values are kept as written (the worker looks class names and ids up as they are) and compared
  // in lower case (`lower`). What is worked out from them (class names, lower-case values) is
  // worked out once, when first asked: after the pass.
  class PageFacts {
    constructor() {
      this.tags = new Set();
      this.attributes = new Set();
      this.values = new Map([...VALUED].map((name) => [name, new Set()]));
      this.cut = new Set();
      this.complete = true;
      this.names = null;
      this.lowered = new Map();
      this.joinedValues = new Map();
      this.sortedValues = new Map();
    }

    // Reads `el`'s tag, and its attributes when it has any (`attributes`, from hasAttributes():
    // most elements have none, and the caller asks anyway).
    add(el, attributes) {
      this.keep(this.tags, el.localName.toLowerCase());
      if (!attributes) return;
      for (const name of el.getAttributeNames()) {
        const lower = name.toLowerCase();
        this.keep(this.attributes, lower);
        const values = this.values.get(lower);
        if (!values) continue;
        const value = el.getAttribute(name);
        if (value.length > MAX_VALUE) this.cut.add(lower);
        else this.keep(values, value);
      }
    }

    keep(set, value) {
      if (set.size < MAX_FACTS) set.add(value);
      else if (!set.has(value)) this.complete = false;
    }

    // Class names as written, split from the class attributes seen (on ASCII white space, as
    // classList does).
    classNames() {
      if (!this.names) {
        this.names = new Set();
        for (const value of this.values.get('class')) for (const c of value.split(/[\t\n\f\r ]+/)) if (c) this.names.add(c);
      }
      return this.names;
    }

    // The values of `name` (or, for 'classnames', the class names) in lower case.
    lower(name) {
      return memo(this.lowered, name, () =>
        new Set([...(name === 'classnames' ? this.classNames() : this.values.get(name))].map((v) => v.toLowerCase())));
    }

    // The values of `name` in lower case, each between line feeds: whether any value starts with,
    // ends with or holds a text is then one search of one string.
    joined(name) {
      return memo(this.joinedValues, name, () => `\n${[...this.lower(name)].join('\n')}\n`);
    }

    // Whether a value of `name` starts with `prefix`: a binary search of the values, sorted once
    // (rules test links by the start of their address, hundreds of rules against hundreds of links).
    startsWith(name, prefix) {
      const sorted = memo(this.sortedValues, name, () => [...this.lower(name)].sort());
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid] < prefix) low = mid + 1;
        else high = mid;
      }
      return low < sorted.length && sorted[low].startsWith(prefix);
    }

    // Whether an element seen meets one requirement of a compound (see requirements).
    meets([kind, name, op, wanted]) {
      if (kind === 'tag') return this.tags.has(name);
      if (kind === 'id') return this.cut.has('id') || this.lower('id').has(name);
      if (kind === 'class') return this.cut.has('class') || this.lower('classnames').has(name);
      if (!this.attributes.has(name)) return false;
      if (!op || !this.values.has(name) || this.cut.has(name) || wanted.includes('\n')) return true;
      if (op === '=') return this.lower(name).has(wanted);
      if (op === '^=') return this.startsWith(name, wanted);
      const values = this.joined(name);
      switch (op) {
        case '$=': return values.includes(`${wanted}\n`);
        case '*=': return values.includes(wanted);
        case '|=': return this.lower(name).has(wanted) || this.startsWith(name, `${wanted}-`);
        case '~=': return name !== 'class' || this.lower('classnames').has(wanted);
        default: return true;
      }
    }
  }

  // The tokens of a selector list: a bracket, a parenthesis (one level nested), a quoted text, an
  // escape, a comma, a run of combinators, or a run of anything else. Split by one native search,
  // not a loop over characters: the content script runs once per page, its code cold.
  const TOKENS = /\[(?:[^\]"']|"[^"]*"|'[^']*')*\]|\((?:[^()"']|"[^"]*"|'[^']*'|\([^()]*\))*\)|"[^"]*"|'[^']*'|\\.|,|[\s>+~]+|[^\s>+~,[\]()"'\\]+/g;

  // The subject compound of each selector in a list (the text after the last combinator), or null
  // for a list this cannot split (an unbalanced bracket or quote).
  function subjects(list) {
    const tokens = list.trim().match(TOKENS) || [];
    let length = 0;
    for (const token of tokens) length += token.length;
    if (length !== list.trim().length) return null;
    const out = [];
    let compound = '';
    for (const token of tokens) {
      if (token === ',') {
        out.push(compound);
        compound = '';
      } else if (/^[\s>+~]/.test(token)) {
        compound = '';
      } else {
        compound += token;
      }
    }
    out.push(compound);
    return out;
  }

  // The parts of a compound this reads; each must end where another part (or the compound) begins,
  // or it is not read (an identifier with characters these leave out, such as a non-ASCII letter).
  const END = '(?=[.#[:]|$)';
  const TAG = new RegExp(`([a-zA-Z][\\w-]*)${END}`, 'y');
  const ID_OR_CLASS = new RegExp(`([.#])([\\w-]+)${END}`, 'y');
  const ATTRIBUTE = new RegExp(`\\[\\s*([\\w-]+)\\s*(?:([~|^$*]?=)\\s*(?:"([^"\\\\]*)"|'([^'\\\\]*)'|([\\w-]+))\\s*([iIsS])?\\s*)?\\]${END}`, 'y');

  // What a compound selector needs of the element it selects, as far as this reads it: a list of
  // [kind, name, op, value] (kinds tag, id, class, attribute; names and values in lower case).
  function requirements(compound) {
    const needs = [];
    if (compound.includes('\\') || (compound.includes('|') && !compound.includes('['))) return needs;
    let at = 0;
    TAG.lastIndex = 0;
    const tag = TAG.exec(compound);
    if (tag) {
      needs.push(['tag', tag[1].toLowerCase()]);
      at = TAG.lastIndex;
    } else if (compound[0] === '*') {
      at = 1;
    }
    while (at < compound.length) {
      ID_OR_CLASS.lastIndex = at;
      const simple = ID_OR_CLASS.exec(compound);
      if (simple) {
        needs.push([simple[1] === '#' ? 'id' : 'class', simple[2].toLowerCase()]);
        at = ID_OR_CLASS.lastIndex;
        continue;
      }
      ATTRIBUTE.lastIndex = at;
      const attribute = ATTRIBUTE.exec(compound);
      if (!attribute) break; // a pseudo-class or anything else: what was read so far is needed
      const wanted = attribute[3] ?? attribute[4] ?? attribute[5];
      needs.push(['attribute', attribute[1].toLowerCase(), attribute[2], wanted?.toLowerCase()]);
      at = ATTRIBUTE.lastIndex;
    }
    return needs;
  }

  // Each selector's compounds' requirements, read once: a page asks about the same rules again for
  // every part added to it. Null: a list this cannot split.
  const parsed = new Map();
  const PARSED_MAX = 5000; // ~1 MB at most, in the worker that lives across pages
  function parse(selector) {
    let needs = parsed.get(selector);
    if (needs === undefined) {
      needs = subjects(selector)?.map(requirements) ?? null;
      if (parsed.size < PARSED_MAX) parsed.set(selector, needs);
    }
    return needs;
  }

  // Whether a selector (or any selector of a list) could select an element the facts describe.
  function canMatch(selector, facts) {
    if (!facts.complete) return true;
    const compounds = parse(selector);
    return compounds === null || compounds.some((needs) => needs.every((need) => facts.meets(need)));
  }

  // Takes the worker's parse of selectors (`needs[i]` of `selectors[i]`, from parse): a page's
  // script need not parse them itself.
  function learn(selectors, needs) {
    if (!Array.isArray(selectors) || !Array.isArray(needs) || needs.length !== selectors.length) return;
    selectors.forEach((selector, i) => {
      const compounds = needs[i];
      const valid = compounds === null || (Array.isArray(compounds) && compounds.every((c) => Array.isArray(c) && c.every(Array.isArray)));
      if (valid && parsed.size < PARSED_MAX) parsed.set(selector, compounds);
    });
  }

  return { PageFacts, canMatch, parse, learn };
})();
