// The popup: the page's summary (risky placements, topics), the overlay switches, evidence export.
import { api, ask, el, loadSettings, riskLabel, saveSettings, startPage, status, t, targetTab } from '../ui/common.js';
import { exportCsv, exportJson, exportScreenshot } from '../ui/exports.js';

const RISKY = new Set(['floor', 'high', 'medium']);
const $ = (id) => document.getElementById(id);

async function main() {
  await startPage('popupTitle');
  const tab = await targetTab();
  const host = tab?.url && /^https?:/.test(tab.url) ? new URL(tab.url).hostname : '';
  $('page').textContent = tab?.title || tab?.url || '';
  const settings = await loadSettings();
  $('hide-site').checked = settings.hiddenSites.includes(host);
  $('off-site').checked = settings.disabledSites.includes(host);
  for (const id of ['hide-site', 'off-site']) $(id).disabled = !host;

  const report = host ? await ask('ui:report', { tabId: tab.id }).catch(() => null) : null;
  const needsReport = ['export-json', 'export-csv', 'export-shot', 'toggle-overlay', 'rescan'];
  for (const id of needsReport) $(id).disabled = !report;
  if (!report) {
    $('summary').textContent = t(settings.disabledSites.includes(host) ? 'offOnSiteSummary' : 'noReport');
  } else {
    const risky = report.ads.filter((a) => RISKY.has(a.risk));
    $('summary').textContent = `${t('riskyCount', [String(risky.length), String(report.ads.length)])} ${t('topicCount', [String(report.topics.length)])}`;
    for (const ad of risky) {
      const top = ad.topics.find((x) => x.warns);
      $('placements').append(el('li', {}, riskLabel(ad.risk),
        el('span', { text: t('beside', [ad.advertiser.brand || ad.advertiser.domain || t('unknownAdvertiser'), top?.shortName ?? '']) })));
    }
  }

  const act = (id, work) => $(id).addEventListener('click', () => Promise.resolve().then(work)
    .then((msg) => status($('status'), msg ?? ''), (e) => status($('status'), e.message, true)));
  act('open-panel', async () => {
    if (api.sidePanel) await api.sidePanel.open({ tabId: tab.id, windowId: tab.windowId }).catch(() => ask('ui:openReport', { tabId: tab.id }));
    else if (api.sidebarAction) await api.sidebarAction.open();
    else await ask('ui:openReport', { tabId: tab.id });
  });
  act('rescan', async () => {
    await ask('ui:rescan', { tabId: tab.id });
    return t('rescanned');
  });
  act('toggle-overlay', async () => {
    const { hidden } = await ask('ui:overlay', { tabId: tab.id, hidden: 'toggle' });
    $('toggle-overlay').setAttribute('aria-pressed', String(hidden));
    return t(hidden ? 'overlayHidden' : 'overlayShown');
  });
  const siteList = (id, key) => $(id).addEventListener('change', async () => {
    const list = new Set((await loadSettings())[key]);
    if ($(id).checked) list.add(host);
    else list.delete(host);
    await saveSettings({ [key]: [...list] });
    status($('status'), t('saved'));
  });
  siteList('hide-site', 'hiddenSites');
  siteList('off-site', 'disabledSites');
  act('export-json', () => exportJson(report));
  act('export-csv', () => exportCsv(report));
  act('export-shot', async () => {
    await exportScreenshot(tab);
    return t('screenshotSaved');
  });
  $('options').addEventListener('click', (e) => {
    e.preventDefault();
    api.runtime.openOptionsPage();
  });
}

main().catch((e) => status($('status'), e.message, true));
