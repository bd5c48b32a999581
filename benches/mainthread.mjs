// The extension's main-thread time on a page, for the benchmarks: a Chromium trace of the page's
// main-thread tasks together with a V8 CPU profile of the same renderer. A task is the extension's
// when profile samples inside it run the extension's code (or a browser call made from it, such as
// a forced layout); its time is those samples' time.
//
// Why not tests/e2e/mainthread.mjs alone: it knows a task as the extension's by a trace event naming
// an extension script, and the reader's chunked work continues after each yield as a microtask of
// a task that names no script. On a 200,000-node page it found 3 tasks and 73 ms where the profile
// finds seconds of work.
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'].join(',');
// Sampling interval of the profile, in microseconds: fine enough to place samples in short tasks.
export const PROFILER_SAMPLING_US = 250;

// Starts tracing and profiling `page`; returns `stop()`, which resolves to { tasks: [ms…] (each
// extension task's extension time), totalMs, maxMs, over50 }.
export async function traceExtensionTime(context, page, extensionId) {
  const stop = await traceMainThread(context, page);
  return async () => {
    const { events, profile } = await stop();
    return extensionTime(events, profile, `chrome-extension://${extensionId}/`);
  };
}

// Starts tracing and profiling `page`; returns `stop()`, which resolves to the trace's events and
// the profile.
export async function traceMainThread(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: PROFILER_SAMPLING_US });
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
    return { events, profile };
  };
}

// The page's main-thread tasks in the trace (a page's frames in this process share its main thread),
// in order: tasks of one thread do not overlap.
function mainThreadTasks(events) {
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts);
}

// Each sample of `profile` with its time (µs, the trace's clock), the task it falls in (null if
// none) and what it stands for (ms): until the next sample, but no further than its task's end. On a
// busy machine the next sample can come milliseconds late, after the task has ended, and that gap
// was not the sampled code's.
export function sampleSpans(profile, events) {
  const runs = mainThreadTasks(events);
  let time = profile.startTime;
  return profile.samples.map((id, i) => {
    time += profile.timeDeltas[i];
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let lo = 0, hi = runs.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (runs[mid].ts <= time) lo = mid + 1; else hi = mid; }
    const run = runs[lo - 1];
    const end = run ? run.ts + (run.dur || 0) : -Infinity;
    if (time > end) return { id, time, ms, run: null };
    return { id, time, ms: Math.min(ms, (end - time) / 1000), run };
  });
}

// Whether a profile node runs extension code (it or a caller is the extension's).
function extensionNodes(profile, prefix) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children || []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map();
  const isOurs = (id) => {
    if (!ours.has(id)) {
      const node = byId.get(id);
      ours.set(id, node.callFrame.url.startsWith(prefix) || (parent.has(id) && isOurs(parent.get(id))));
    }
    return ours.get(id);
  };
  return isOurs;
}

export function extensionTime(events, profile, prefix) {
  const isOurs = extensionNodes(profile, prefix);
  const perTask = new Map();
  let unplaced = 0;
  for (const sample of sampleSpans(profile, events)) {
    if (!isOurs(sample.id)) continue;
    if (sample.run) perTask.set(sample.run, (perTask.get(sample.run) || 0) + sample.ms);
    else unplaced += sample.ms;
  }
  const tasks = [...perTask.values()];
  const totalMs = tasks.reduce((a, t) => a + t, 0) + unplaced;
  return { tasks, totalMs, maxMs: Math.max(0, ...tasks), over50: tasks.filter((t) => t > 50).length, unplacedMs: unplaced };
}
