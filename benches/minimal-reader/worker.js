// Takes the pages' text and does nothing with it. `brandlens.judgeText` is what the test harness
// (tests/e2e/harness.mjs, launchBrowser) waits for before it calls a worker ready.
globalThis.brandlens = { judgeText: async () => [] };
chrome.runtime.onConnect.addListener((port) => port.onMessage.addListener(() => undefined));
