// The shapes of messages from content scripts. Every message is checked before it is used.
const isString = (v) => typeof v === 'string';
const isStringArray = (v) => Array.isArray(v) && v.every(isString);

export function validCreative(c) {
  return Boolean(c) && typeof c === 'object' && isStringArray(c.clickUrls) && isStringArray(c.altTexts) && isString(c.text);
}

export function validSnapshot(s) {
  return Boolean(s) && typeof s === 'object' && isString(s.url) && Array.isArray(s.blocks) && Array.isArray(s.slots) &&
    s.slots.every((slot) => slot && isString(slot.id) && Array.isArray(slot.frames) && validCreative(slot.creative));
}

// A frame's report of what it shows, reduced to the fields the worker uses.
export function frameInfo(message) {
  return {
    name: isString(message.name) ? message.name : '',
    url: isString(message.url) ? message.url : '',
    creative: message.creative,
  };
}

// A content script's request for EasyList selectors: its page's class names and ids.
export function cosmeticRequest(message) {
  return isString(message.url) && isStringArray(message.classes) && isStringArray(message.ids);
}

// Blocks and slots that appeared after the page was read.
export function validUpdate(u) {
  return isString(u.url) && Array.isArray(u.blocks) && Array.isArray(u.slots) &&
    u.slots.every((slot) => slot && isString(slot.id) && Array.isArray(slot.frames) && validCreative(slot.creative));
}
