// Measures what the extension costs a page's main thread, from a Chromium trace (CDP Tracing):
// every top-level task of a renderer main thread that runs the extension's content scripts
// (EvaluateScript, FunctionCall, … whose script URL is chrome-extension://<id>/) counts as an
// extension task, with its whole duration. Page tasks that do not touch extension code do not count.
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'].join(',');

// Starts tracing the whole browser through `page`'s CDP session; returns `stop()`, which resolves to
// { tasks: [ms…] of extension tasks, totalMs, maxMs, over50: count of extension tasks over 50 ms }.
export async function traceExtensionTasks(context, page, extensionId) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
    return extensionTasks(events, `chrome-extension://${extensionId}/`);
  };
}

function scriptUrl(event) {
  const data = event.args?.data;
  return data?.url || data?.stackTrace?.[0]?.url || data?.scriptName || '';
}

export function extensionTasks(events, prefix) {
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, { tasks: [], marks: [] });
    const thread = byThread.get(key);
    if (e.name === 'RunTask' && e.ph === 'X') thread.tasks.push(e);
    else if (scriptUrl(e).startsWith(prefix)) thread.marks.push(e.ts);
  }
  const tasks = [];
  for (const { tasks: runs, marks } of byThread.values()) {
    marks.sort((a, b) => a - b);
    for (const run of runs) {
      const end = run.ts + (run.dur || 0);
      // The first mark at or after the task's start, if inside the task.
      let lo = 0, hi = marks.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (marks[mid] < run.ts) lo = mid + 1; else hi = mid; }
      if (lo < marks.length && marks[lo] <= end) tasks.push((run.dur || 0) / 1000);
    }
  }
  const totalMs = tasks.reduce((a, b) => a + b, 0);
  return { tasks, totalMs, maxMs: Math.max(0, ...tasks), over50: tasks.filter((t) => t > 50).length };
}
