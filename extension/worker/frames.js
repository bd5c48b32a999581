// Connects the creatives read in ad frames to the slots of the top frame. A frame belongs to the
// slot that holds its top-level ancestor iframe, recognised by frame name or URL. Frame ids and
// ancestry come from the browser (webNavigation), never from the page, so a page cannot attach a
// creative to another slot.
import { api } from './api.js';

function sameUrl(a, b) {
  try {
    return Boolean(a && b) && new URL(a).href === new URL(b).href;
  } catch (_) {
    return false;
  }
}

// A copy of `slots` that carry the creatives of `frames` (frameId -> {name, url, creative}).
export async function slotsWithCreatives(tabId, slots, frames) {
  const copy = structuredClone(slots);
  if (!frames.size || !copy.length) return copy;
  const tree = (await api.webNavigation.getAllFrames({ tabId })) || [];
  const parentOf = new Map(tree.map((f) => [f.frameId, f.parentFrameId]));
  const urlOf = new Map(tree.map((f) => [f.frameId, f.url]));
  for (const [frameId, info] of frames) {
    let top = frameId;
    while (parentOf.has(top) && parentOf.get(top) > 0) top = parentOf.get(top);
    if (parentOf.get(top) !== 0) continue;
    const topInfo = frames.get(top);
    const slot = copy.find((s) => s.frames.some((f) =>
      (topInfo && topInfo.name && f.name === topInfo.name) || sameUrl(f.src, urlOf.get(top))));
    if (!slot) continue;
    const c = slot.creative;
    c.clickUrls.push(...info.creative.clickUrls);
    c.altTexts.push(...info.creative.altTexts);
    if (info.creative.text) c.text = c.text ? `${c.text}\n${info.creative.text}` : info.creative.text;
    if (!c.frameUrl) c.frameUrl = info.creative.frameUrl;
  }
  return copy;
}
