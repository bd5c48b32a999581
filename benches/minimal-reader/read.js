// The least an extension that judges page text in its worker must do on the page's main thread:
// read every text node once (the bare TreeWalker pass of benches/browser.mjs) and send the text to
// the worker. The benchmark measures it as the floor of figure 2 (issue 7).
(() => {
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.data);
  chrome.runtime.connect({ name: 'page' }).postMessage({ url: location.href, text: parts.join('\n') });
})();
