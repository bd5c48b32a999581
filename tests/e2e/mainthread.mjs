// Measures what the extension costs a page's main thread, from a Chromium trace (CDP Tracing):
// every top-level task of a renderer main thread that runs the extension's content scripts
// (EvaluateScript, FunctionCall, … whose script URL is chrome-extension://<id>/) counts as an
// extension task, for as long as the extension's code runs in it. Page tasks that do not touch
// extension code do not count.
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'].join(',');
// The browser's rendering step (style, layout, paint), traced under 'blink'.
const RENDERING = 'WebFrameWidgetImpl::UpdateLifecycle';

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

// Durations are wall-clock (`dur`): the trace's thread times (`tdur`) are not trustworthy on
// virtual machines (seen here larger than the wall-clock time).

// A task that runs extension code counts whole, except the browser's rendering task (style, layout,
// paint of the page): a small ResizeObserver or animation-frame callback of ours runs inside it, and
// there only the time our code runs counts (the union of our script events, forced layouts
// included), since the page's layout is the page's cost.
export function extensionTasks(events, prefix) {
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, { tasks: [], runs: [], rendering: [] });
    const thread = byThread.get(key);
    if (e.name === 'RunTask' && e.ph === 'X') thread.tasks.push(e);
    else if (e.name === RENDERING) thread.rendering.push(e.ts);
    else if (scriptUrl(e).startsWith(prefix)) thread.runs.push({ start: e.ts, end: e.ts + (e.dur || 0) });
  }
  const tasks = [];
  for (const { tasks: all, runs, rendering } of byThread.values()) {
    runs.sort((a, b) => a.start - b.start);
    rendering.sort((a, b) => a - b);
    for (const task of all) {
      const end = task.ts + (task.dur || 0);
      // The extension's outermost runs that start inside the task (nested ones are part of them).
      let lo = 0, hi = runs.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (runs[mid].start < task.ts) lo = mid + 1; else hi = mid; }
      let busy = 0, to = -1, any = false;
      for (let i = lo; i < runs.length && runs[i].start <= end; i++) {
        any = true;
        if (runs[i].start >= to) { busy += runs[i].end - runs[i].start; to = runs[i].end; }
      }
      if (!any) continue;
      const renders = rendering.some((t) => t >= task.ts && t <= end);
      tasks.push((renders ? busy : task.dur || 0) / 1000);
    }
  }
  const totalMs = tasks.reduce((a, b) => a + b, 0);
  return { tasks, totalMs, maxMs: Math.max(0, ...tasks), over50: tasks.filter((t) => t > 50).length };
}
