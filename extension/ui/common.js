// Shared by the popup, the side panel and the options page: translated strings (the browser's
// language, or the one chosen on the options page), the tab a surface reports on, and talking to
// the worker.
import { api } from '../worker/api.js';

export { api };

let chosen = null; // messages.json of the language chosen on the options page; null: the browser's

export const SETTINGS_DEFAULTS = { language: 'auto', disabledSites: [], hiddenSites: [], filterRules: '', refreshFilterLists: false };

export async function loadSettings() {
  return { ...SETTINGS_DEFAULTS, ...((await api.storage.local.get('settings')).settings ?? {}) };
}

export async function saveSettings(changes) {
  const settings = { ...(await loadSettings()), ...changes };
  await api.storage.local.set({ settings });
  return settings;
}

// A translated string; `subs` fill $1, $2... through the message's named placeholders.
export function t(key, subs = []) {
  if (!chosen) return api.i18n.getMessage(key, subs) || key;
  const entry = chosen[key];
  if (!entry) return api.i18n.getMessage(key, subs) || key;
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? whole;
    return content.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? '');
  });
}

// Translates a page: data-i18n sets the text, data-i18n-label the aria-label, data-i18n-title the
// title, data-i18n-placeholder the placeholder.
export function translate(root = document) {
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  for (const e of root.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
}

export async function startPage(titleKey) {
  const { language } = await loadSettings();
  if (language && language !== 'auto') {
    try {
      chosen = await (await fetch(api.runtime.getURL(`_locales/${language}/messages.json`))).json();
    } catch (_) {
      chosen = null;
    }
  }
  document.documentElement.lang = t('langCode');
  document.title = t(titleKey);
  translate();
}

// Asks the worker; rejects with the worker's message when it fails.
export async function ask(type, data = {}) {
  const reply = await api.runtime.sendMessage({ type, ...data });
  if (!reply) throw new Error(`no answer to ${type}`);
  if (reply.error) throw new Error(reply.error);
  return reply.value;
}

// The tab a surface reports on: ?tab=ID when opened as a page, else the active tab of its window.
export async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get('tab'));
  if (id) return api.tabs.get(id);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

export const RISK_KEYS = { floor: 'riskFloor', high: 'riskHigh', medium: 'riskMedium', low: 'riskLow', none: 'riskNone' };
export const RISK_ORDER = ['floor', 'high', 'medium', 'low', 'none'];

// A risk as a label: an icon and the words, never colour alone.
export function riskLabel(risk) {
  return el('span', { class: `risk risk-${risk}`, text: t(RISK_KEYS[risk] ?? 'riskNone') });
}

// Saves text or a data URL as a file through an ordinary download link.
export function download(name, content, type = 'application/json') {
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = el('a', { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 60000);
}

export function stamp(time = new Date()) {
  return time.toISOString().replace(/[:.]/g, '-');
}

export function status(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle('error', isError);
}
