// The shapes of messages from content scripts. Every message is checked field by field before it is
// used: a message of the wrong shape is dropped whole, never partly used. A page cannot send these
// (background.js hears only this extension's own content scripts), but a content script reads what
// the page shows, so every string is page-controlled: sizes are cut to LIMITS, and the report says
// what was cut (`skipped` in docs/report.schema.json) rather than the page going unjudged.
//
// The reader in the page keeps to the same limits (extension/content/read.js).
export const LIMITS = Object.freeze({
  blocks: 20000, // text blocks per page
  textChars: 2000000, // characters of block text per page, all blocks together
  slots: 500, // ad slots per page
  framesPerSlot: 50, // iframes per slot
  creativeItems: 20, // click URLs or alt texts per creative
  creativeText: 2000, // characters of a creative's text
  string: 4096, // any other string: URL, title, id, label, name, lang
  skipped: 20, // notes of what was skipped
});

const ROLES = new Set(['title', 'heading', 'body', 'caption', 'comment', 'navigation', 'related', 'footer', 'banner']);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isString = (v) => typeof v === 'string';
const isOptionalString = (v) => v === null || v === undefined || isString(v);
const isCount = (v) => Number.isSafeInteger(v) && v >= 0 && v <= 0xffffffff;
const isArrayOf = (v, item) => Array.isArray(v) && v.every(item);
const isRect = (r) => r === null || r === undefined ||
  (isObject(r) && ['x', 'y', 'w', 'h'].every((k) => Number.isFinite(r[k])));
const cut = (v, max = LIMITS.string) => (isString(v) ? v.slice(0, max) : null);
const rectOf = (r) => (r ? { x: r.x, y: r.y, w: r.w, h: r.h } : null);

export function validCreative(c) {
  return isObject(c) && isArrayOf(c.clickUrls, isString) && isArrayOf(c.altTexts, isString) && isString(c.text) &&
    isOptionalString(c.frameUrl);
}

function validBlock(b) {
  return isObject(b) && isCount(b.id) && isString(b.text) && ROLES.has(b.role) && isRect(b.rect) && isOptionalString(b.lang);
}

function validSlot(s) {
  return isObject(s) && isString(s.id) && isString(s.kind) && isRect(s.rect) && isOptionalString(s.label) &&
    isCount(s.order) && isArrayOf(s.frames, (f) => isObject(f) && isString(f.name) && isString(f.src)) &&
    validCreative(s.creative);
}

// A note of what the reader left out: `{ part, reason }`.
const validSkipped = (s) => isObject(s) && isString(s.part) && isString(s.reason);

export function validSnapshot(s) {
  return isObject(s) && isString(s.url) && isOptionalString(s.title) && isOptionalString(s.lang) &&
    isArrayOf(s.blocks, validBlock) && isArrayOf(s.slots, validSlot) &&
    (s.skipped === undefined || isArrayOf(s.skipped, validSkipped));
}

// A copy of a valid creative with only the fields the engine reads, cut to LIMITS.
function limitCreative(c) {
  return {
    clickUrls: c.clickUrls.slice(0, LIMITS.creativeItems).map((u) => cut(u)),
    altTexts: c.altTexts.slice(0, LIMITS.creativeItems).map((t) => cut(t)),
    text: cut(c.text, LIMITS.creativeText),
    frameUrl: cut(c.frameUrl) ?? '',
  };
}

// A copy of a valid snapshot with only the fields the engine reads, cut to LIMITS, with a note in
// `skipped` for each cut that loses page text or ads.
export function limitSnapshot(s) {
  const skipped = (s.skipped || []).map((n) => ({ part: cut(n.part, 200), reason: cut(n.reason, 200) }));
  let blocks = s.blocks;
  if (blocks.length > LIMITS.blocks) {
    skipped.push({ part: `${blocks.length - LIMITS.blocks} text blocks after the first ${LIMITS.blocks}`, reason: 'block limit' });
    blocks = blocks.slice(0, LIMITS.blocks);
  }
  let chars = 0;
  const kept = [];
  for (const b of blocks) {
    const room = LIMITS.textChars - chars;
    if (b.text.length > room) {
      skipped.push({ part: `text after the first ${LIMITS.textChars} characters`, reason: 'page text limit' });
      if (room > 0) kept.push({ id: b.id, text: b.text.slice(0, room), role: b.role, rect: rectOf(b.rect), lang: cut(b.lang) });
      break;
    }
    chars += b.text.length;
    kept.push({ id: b.id, text: b.text, role: b.role, rect: rectOf(b.rect), lang: cut(b.lang) });
  }
  if (s.slots.length > LIMITS.slots) {
    skipped.push({ part: `${s.slots.length - LIMITS.slots} ad slots after the first ${LIMITS.slots}`, reason: 'slot limit' });
  }
  const slots = s.slots.slice(0, LIMITS.slots).map((slot) => ({
    id: cut(slot.id), kind: cut(slot.kind, 64), rect: rectOf(slot.rect), label: cut(slot.label), order: slot.order,
    frames: slot.frames.slice(0, LIMITS.framesPerSlot).map((f) => ({ name: cut(f.name), src: cut(f.src) })),
    creative: limitCreative(slot.creative),
  }));
  return {
    url: cut(s.url), title: cut(s.title) ?? '', lang: cut(s.lang), blocks: kept, slots,
    skipped: skipped.slice(0, LIMITS.skipped),
  };
}

// A frame's message: `{ type: "frame", name, url, creative }`.
export function validFrame(message) {
  return isOptionalString(message.name) && isOptionalString(message.url) && validCreative(message.creative);
}

// A frame's report of what it shows, reduced to the fields the worker uses and cut to LIMITS.
export function frameInfo(message) {
  return { name: cut(message.name) ?? '', url: cut(message.url) ?? '', creative: limitCreative(message.creative) };
}

// Whether `sender` is one of this extension's own content scripts, in a tab. Web pages cannot
// message the worker (no externally_connectable) nor can other extensions (no onMessageExternal
// listener), but this is checked here rather than trusted to the manifest staying so.
export function fromOwnContentScript(sender, ownId) {
  return isObject(sender) && sender.id === ownId && isObject(sender.tab) && Number.isSafeInteger(sender.tab.id) &&
    Number.isSafeInteger(sender.frameId);
}

// A content script's request for EasyList selectors: its page's class names and ids.
export function cosmeticRequest(message) {
  return isString(message.url) && isArrayOf(message.classes, isString) && isArrayOf(message.ids, isString) &&
    message.classes.length <= LIMITS.blocks && message.ids.length <= LIMITS.blocks;
}

// Blocks and slots that appeared after the page was read, the ids of slots that left it, and the
// reader's notes of what it left out so far: `{ type: "update", url, blocks, slots, removedSlots,
// skipped }` (`removedSlots` may be absent), checked and cut like a snapshot.
export function validUpdate(u) {
  return validSnapshot({ url: u.url, blocks: u.blocks, slots: u.slots, skipped: u.skipped }) &&
    (u.removedSlots === undefined || (isArrayOf(u.removedSlots, isString) && u.removedSlots.length <= LIMITS.slots));
}

// A copy of a valid update with only the fields the worker reads, cut to LIMITS.
export function limitUpdate(u) {
  const { url, blocks, slots, skipped } = limitSnapshot({ url: u.url, blocks: u.blocks, slots: u.slots, skipped: u.skipped });
  return { url, blocks, slots, skipped, removedSlots: (u.removedSlots ?? []).map((id) => cut(id)) };
}
