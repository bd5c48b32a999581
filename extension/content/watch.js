// Keeps the snapshot current on pages that change after they load: lazy-loaded and late ad
// slots, infinite scroll, live blogs, single-page navigation. A MutationObserver collects what was
// added; after a short pause only those subtrees are read (BrandLensRead.Reader.readAdded) and
// sent to the worker as an update, so a late slot is judged well within a second and nothing
// unchanged is read again. A removed slot goes in the update too (`removedSlots`). A changed address
// (single-page navigation) starts a fresh reading of the whole page.
'use strict';

var BrandLensWatch = (() => {
  // Mutations arrive in bursts; read once they pause this long.
  const SETTLE_MS = 150;

  // The overlay's host (content/overlay.js). All else of ours is inside its shadow root, which this
  // observer of the document does not see: nothing added needs its ancestors looked up.
  const isOurs = (node) => BrandLensOverlay.isHost(node);

  // Watches the document for `reader`. `onUpdate(delta)` gets new blocks, new or changed slots and
  // the ids of removed ones; `onNewPage()` is called when the whole page must be read again.
  // Returns a stop function.
  function watch(reader, { cosmetic, onUpdate, onNewPage }) {
    const url = location.href;
    let added = new Set();
    let removed = false; // whether anything was removed since the last update
    let fresh = false;
    let timer = 0;
    let running = Promise.resolve();
    let stopped = false;

    // A new address: the whole page is read again.
    function isNewPage() {
      if (!fresh && location.href === url) return false;
      stop();
      onNewPage();
      return true;
    }

    async function settle() {
      timer = 0;
      if (stopped || isNewPage()) return;
      const nodes = new Set([...added].filter((n) => n.isConnected));
      added = new Set();
      // Only the outermost added elements: their descendants are read with them. (A look up each
      // one's ancestors, not a test of every pair: a burst can add thousands of elements.)
      const roots = [...nodes].filter((n) => {
        for (let a = n.parentNode; a; a = a.parentNode) if (nodes.has(a)) return false;
        return true;
      });
      const anyRemoved = removed;
      removed = false;
      if (!roots.length && !anyRemoved) return;
      await BrandLensRead.afterFrame();
      // The page may have changed address meanwhile: what was added then is the new page's.
      if (stopped || isNewPage()) return;
      // Slots gone first: an element taken out and put back in the meantime is in place, and is
      // read again as added.
      const removedSlots = reader.forgetRemovedSlots();
      const delta = roots.length ? await reader.readAdded(roots, cosmetic) : { blocks: [], slots: [], skipped: [] };
      // A fresh reading may have begun meanwhile (a rescan, "Scan again"): this one's update would
      // be added to the new reading's snapshot.
      if (stopped) return;
      if (delta.blocks.length || delta.slots.length || delta.skipped.length || removedSlots.length) onUpdate({ ...delta, removedSlots });
    }

    // One settle at a time, after the pause.
    function settleSoon() {
      if (!timer) timer = setTimeout(() => { running = running.then(settle).catch((e) => console.error('BrandLens:', e)); }, SETTLE_MS);
    }

    const observer = new MutationObserver((records) => {
      let removedNow = false;
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && !isOurs(node)) added.add(node);
        }
        removedNow ||= record.removedNodes.length > 0;
      }
      // Asked once per batch of mutations, not of every removed node (a busy page removes
      // thousands; a page has up to 500 slots).
      if (removedNow && !removed) removed = reader.hasRemovedSlots();
      if (location.href !== url) fresh = true;
      if (added.size || removed || fresh) settleSoon();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    // Slots removed while the page was being read, before there was an observer to see it.
    removed = reader.hasRemovedSlots();
    if (removed) settleSoon();
    const onPop = () => { if (location.href !== url) { fresh = true; settleSoon(); } };
    addEventListener('popstate', onPop);
    function stop() {
      stopped = true;
      observer.disconnect();
      removeEventListener('popstate', onPop);
      clearTimeout(timer);
    }
    return stop;
  }

  return { watch };
})();
