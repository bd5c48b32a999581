// The side panel (Chrome) or sidebar (Firefox): the page's full report with filters by risk, topic
// and brand, click-to-scroll to a slot in the page, evidence export, and the site history.
import { clearHistory, loadHistory, siteSummaries } from '../worker/history.js';
import { historyCsv } from '../worker/export.js';
import { api, ask, download, el, riskLabel, RISK_KEYS, RISK_ORDER, startPage, stamp, status, t, targetTab } from '../ui/common.js';
import { exportCsv, exportJson, exportScreenshot } from '../ui/exports.js';

const $ = (id) => document.getElementById(id);
const pinned = new URLSearchParams(location.search).has('tab');
let tab = null;
let report = null;
let highlighted = false;

const brandOf = (ad) => ad.advertiser.brand || ad.advertiser.domain || t('unknownAdvertiser');

function fillSelect(select, options) {
  const keep = select.value;
  select.replaceChildren(el('option', { value: '', text: t('filterAll') }),
    ...options.map(([value, label]) => el('option', { value, text: label })));
  select.value = options.some(([v]) => v === keep) ? keep : '';
}

function fillFilters() {
  fillSelect($('filter-risk'), RISK_ORDER.map((r) => [r, t(RISK_KEYS[r])]));
  const topics = new Map(report.topics.map((x) => [x.id, x.name]));
  fillSelect($('filter-topic'), [...topics]);
  const brands = new Set([...report.ads.map(brandOf), ...report.mentions.map((m) => m.brand)]);
  fillSelect($('filter-brand'), [...brands].sort().map((b) => [b, b]));
}

const show = (value) => (value && typeof value === 'object'
  ? Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join('; ') : String(value));

function facts(pairs) {
  const list = el('dl', { class: 'facts' });
  for (const [key, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    list.append(el('dt', { text: t(key) }), el('dd', { text: show(value) }));
  }
  return list;
}

function renderAds(risk, topic, brand) {
  const ads = report.ads.filter((ad) => (!risk || ad.risk === risk) && (!brand || brandOf(ad) === brand)
    && (!topic || ad.topics.some((x) => x.id === topic)));
  $('ads').replaceChildren(...ads.map((ad) => el('article', { class: 'card', 'aria-label': `${t(RISK_KEYS[ad.risk])}: ${brandOf(ad)}` },
    el('h3', {}, riskLabel(ad.risk), ` ${brandOf(ad)}`),
    facts([['adSlot', ad.id], ['adLabel', ad.label], ['adDomain', ad.advertiser.domain], ['adProfile', ad.profile],
      ['adTopics', ad.topics.map((x) => `${x.shortName}: ${t(RISK_KEYS[x.tier])}${x.warns ? ' ⚠' : ''}`).join(', ')]]),
    ad.reasons.length ? el('ul', {}, ...ad.reasons.map((r) => el('li', { text: r }))) : null,
    el('button', { type: 'button', class: 'secondary', 'data-slot': ad.id, text: t('showInPage'),
      onclick: () => ask('ui:scrollTo', { tabId: tab.id, id: ad.id }).then(() => status($('status'), t('scrolled')),
        (e) => status($('status'), e.message, true)) }))));
  if (!ads.length) $('ads').append(el('p', { class: 'muted', text: t('noAds') }));
}

function renderTopics(topic) {
  const topics = report.topics.filter((x) => !topic || x.id === topic);
  $('topics').replaceChildren(...topics.map((x) => el('article', { class: 'card' },
    el('h3', {}, riskLabel(x.tier), ` ${x.name}`),
    el('ul', {}, ...x.evidence.map((ev) => el('li', {}, el('span', { class: 'term', text: `“${ev.term}”` }),
      ` — ${ev.snippet} `, el('span', { class: 'muted', text: `(${t('evidenceRule')}: ${ev.rule})` })))))));
  if (!topics.length) $('topics').append(el('p', { class: 'muted', text: t('noTopics') }));
}

function renderMentions(brand) {
  const mentions = report.mentions.filter((m) => !brand || m.brand === brand);
  $('mentions').replaceChildren(...mentions.map((m) => el('article', { class: 'card' },
    el('h3', { text: m.brand }), el('p', { text: m.snippet }),
    facts([['mentionSentiment', m.sentiment], ['mentionSituation', m.situation], ['mentionSpeaker', m.speaker],
      ['mentionUrgency', m.urgency], ['mentionAdvice', m.advice]]))));
  if (!mentions.length) $('mentions').append(el('p', { class: 'muted', text: t('noMentions') }));
  $('highlight').disabled = !report.mentions.length;
}

function render() {
  const [risk, topic, brand] = ['filter-risk', 'filter-topic', 'filter-brand'].map((id) => $(id).value);
  renderAds(risk, topic, brand);
  renderTopics(topic);
  renderMentions(brand);
}

async function renderHistory() {
  const rows = siteSummaries(await loadHistory());
  if (!rows.length) {
    $('history').replaceChildren(el('p', { class: 'muted', text: t('historyEmpty') }));
    return;
  }
  const head = ['historySite', 'historyPages', 'historyRiskyShare', 'historyTopTopics', 'historyAdvertisers'];
  $('history').replaceChildren(el('table', {},
    el('caption', { class: 'visually-hidden', text: t('historyHeading') }),
    el('thead', {}, el('tr', {}, ...head.map((k) => el('th', { scope: 'col', text: t(k) })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, el('th', { scope: 'row', text: r.site }), el('td', { text: String(r.pages) }),
      el('td', { text: `${Math.round(r.riskyShare * 100)}%` }), el('td', { text: r.topTopics.join(', ') }),
      el('td', { text: r.advertisers.join(', ') }))))));
}

async function load() {
  tab = await targetTab();
  $('page').textContent = tab ? `${tab.title || ''} — ${tab.url}` : '';
  report = tab && /^https?:/.test(tab.url) ? await ask('ui:report', { tabId: tab.id }).catch(() => null) : null;
  for (const id of ['export-json', 'export-csv', 'export-shot', 'highlight']) $(id).disabled = !report;
  if (!report) {
    report = { ads: [], topics: [], mentions: [] };
    status($('status'), t('noReport'));
  } else {
    status($('status'), '');
  }
  fillFilters();
  render();
  await renderHistory();
  document.body.dataset.ready = 'true';
}

async function main() {
  await startPage('panelTitle');
  for (const id of ['filter-risk', 'filter-topic', 'filter-brand']) $(id).addEventListener('change', render);
  const act = (id, work) => $(id).addEventListener('click', () => Promise.resolve().then(work)
    .then((msg) => { if (msg) status($('status'), msg); }, (e) => status($('status'), e.message, true)));
  act('refresh', load);
  act('export-json', () => exportJson(report));
  act('export-csv', () => exportCsv(report));
  act('export-shot', async () => {
    await exportScreenshot(tab);
    return t('screenshotSaved');
  });
  act('highlight', async () => {
    highlighted = !highlighted;
    const { marked } = await ask('ui:mentions', { tabId: tab.id, on: highlighted });
    $('highlight').setAttribute('aria-pressed', String(highlighted));
    return highlighted ? t('mentionsMarked', [String(marked)]) : '';
  });
  act('history-json', async () => download(`brandlens-history-${stamp()}.json`, `${JSON.stringify(await loadHistory(), null, 2)}\n`));
  act('history-csv', async () => download(`brandlens-history-${stamp()}.csv`, historyCsv(await loadHistory()), 'text/csv'));
  act('history-clear', async () => {
    await clearHistory();
    await renderHistory();
    return t('historyCleared');
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.history) renderHistory();
  });
  if (!pinned) {
    // The panel follows the active tab of its window.
    api.tabs.onActivated.addListener(() => load());
    api.tabs.onUpdated.addListener((id, change) => {
      if (id === tab?.id && change.status === 'complete') load();
    });
  }
  await load();
}

main().catch((e) => status($('status'), e.message, true));
