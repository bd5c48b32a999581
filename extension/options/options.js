// The options page: brand profiles (every field of docs/profiles.md, keyword lists included),
// JSON import and export, filter lists, per-site on/off, and the language of BrandLens's pages.
// Profiles are validated by the engine in the worker: a set it refuses is shown with its message
// and the profiles in use stay as they were.
import { api, ask, download, el, loadSettings, RISK_KEYS, saveSettings, startPage, status, t } from '../ui/common.js';

const $ = (id) => document.getElementById(id);
const TIERS = ['floor', 'high', 'medium', 'low'];
const LISTS = { aliases: 'f-aliases', domains: 'f-domains', products: 'f-products', campaigns: 'f-campaigns', accounts: 'f-accounts', block: 'f-block', allow: 'f-allow' };

let topics = []; // [{id, name}] from topics.tsv
let brands = []; // the profile set being edited
let current = -1;

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

async function loadTopics() {
  const tsv = await (await fetch(api.runtime.getURL('topics.tsv'))).text();
  return tsv.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [id, , shortName] = l.split('\t');
    return { id, name: shortName };
  });
}

function buildAvoid() {
  $('avoid').replaceChildren(...topics.flatMap(({ id, name }) => [
    el('label', { for: `avoid-${id}`, text: name }),
    el('select', { id: `avoid-${id}`, 'data-topic': id },
      el('option', { value: '', text: t('tierDefault') }),
      ...TIERS.map((tier) => el('option', { value: tier, text: t(RISK_KEYS[tier]) }))),
  ]));
}

// Form -> brand: only fields with a value are written, so a profile stays as small as it came.
function readForm() {
  const brand = { ...(brands[current] ?? {}) };
  brand.name = $('f-name').value.trim();
  for (const [field, id] of Object.entries(LISTS)) brand[field] = lines($(id).value);
  brand.audience = $('f-audience').value;
  brand.caseSensitive = $('f-case').checked;
  brand.competence = $('f-competence').value;
  brand.relationship = $('f-relationship').value;
  brand.avoid = {};
  for (const select of $('avoid').querySelectorAll('select')) if (select.value) brand.avoid[select.dataset.topic] = select.value;
  return brand;
}

function fillForm(brand = {}) {
  $('f-name').value = brand.name ?? '';
  for (const [field, id] of Object.entries(LISTS)) $(id).value = (brand[field] ?? []).join('\n');
  $('f-audience').value = brand.audience ?? 'general';
  $('f-case').checked = Boolean(brand.caseSensitive);
  $('f-competence').value = brand.competence ?? 'average';
  $('f-relationship').value = brand.relationship ?? 'moderate';
  for (const select of $('avoid').querySelectorAll('select')) select.value = brand.avoid?.[select.dataset.topic] ?? '';
  $('brand-form').hidden = current < 0;
  $('delete-brand').disabled = current < 0;
}

function fillList() {
  $('brand-list').replaceChildren(...brands.map((b, i) => el('option', { value: String(i), text: b.name || t('unnamedBrand') })));
  if (current >= 0) $('brand-list').value = String(current);
  fillForm(brands[current]);
}

async function loadProfiles() {
  const set = await ask('ui:profiles');
  brands = set.brands ?? [];
  current = brands.length ? Math.min(Math.max(current, 0), brands.length - 1) : -1;
  fillList();
}

// Sends a whole set to the engine; on refusal shows its message and keeps what was in use.
async function apply(set) {
  try {
    await ask('ui:setProfiles', { profiles: typeof set === 'string' ? set : JSON.stringify(set) });
  } catch (e) {
    status($('status'), t('profilesRefused', [e.message]), true);
    return false;
  }
  await loadProfiles();
  status($('status'), t('profilesSaved', [String(brands.length)]));
  return true;
}

async function fillSettings() {
  const s = await loadSettings();
  $('filter-rules').value = s.filterRules;
  $('refresh-lists').checked = s.refreshFilterLists;
  $('sites-off').value = s.disabledSites.join('\n');
  $('sites-hidden').value = s.hiddenSites.join('\n');
  $('language').value = s.language;
}

async function main() {
  await startPage('optionsTitle');
  topics = await loadTopics();
  buildAvoid();
  await Promise.all([loadProfiles(), fillSettings()]);

  $('brand-list').addEventListener('change', () => {
    if (current >= 0) brands[current] = readForm();
    current = Number($('brand-list').value);
    fillForm(brands[current]);
  });
  $('add-brand').addEventListener('click', () => {
    if (current >= 0) brands[current] = readForm();
    brands.push({ name: '' });
    current = brands.length - 1;
    fillList();
    $('f-name').focus();
  });
  $('delete-brand').addEventListener('click', async () => {
    const kept = brands.filter((_, i) => i !== current);
    current = Math.min(current, kept.length - 1);
    await apply({ version: 1, brands: kept });
  });
  $('brand-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    brands[current] = readForm();
    await apply({ version: 1, brands });
  });
  $('import-file').addEventListener('change', async () => {
    const file = $('import-file').files[0];
    if (!file) return;
    const text = await file.text();
    $('import-file').value = '';
    try {
      JSON.parse(text);
    } catch (e) {
      status($('status'), t('profilesRefused', [`${t('notJson')}: ${e.message}`]), true);
      return;
    }
    current = 0;
    await apply(text);
  });
  $('export-profiles').addEventListener('click', async () => {
    download('brandlens-profiles.json', `${JSON.stringify(await ask('ui:profiles'), null, 2)}\n`);
  });
  $('save-settings').addEventListener('click', async () => {
    const before = (await loadSettings()).language;
    await saveSettings({
      filterRules: $('filter-rules').value, refreshFilterLists: $('refresh-lists').checked,
      disabledSites: lines($('sites-off').value), hiddenSites: lines($('sites-hidden').value), language: $('language').value,
    });
    if (before !== $('language').value) location.reload();
    else status($('status'), t('saved'));
  });
  document.body.dataset.ready = 'true';
}

main().catch((e) => status($('status'), e.message, true));
