// The toolbar badge: how many placements on the tab are risky enough to be outlined in the page.
import { api } from './api.js';

// Placements at these risks are outlined in the page (the worker sends the overlay only these:
// tabs.js, drawnFindings) and counted here; low and none stay quiet so the page reads as usual.
export const RISKY = new Set(['floor', 'high', 'medium']);

export const riskyCount = (report) => report.ads.filter((ad) => RISKY.has(ad.risk)).length;

export async function showBadge(tabId, report) {
  const count = riskyCount(report);
  await api.action.setBadgeText({ tabId, text: count ? String(count) : '' });
  await api.action.setBadgeBackgroundColor({ tabId, color: '#b00020' });
  if (api.action.setBadgeTextColor) await api.action.setBadgeTextColor({ tabId, color: '#ffffff' });
  await api.action.setTitle({ tabId, title: api.i18n.getMessage('badgeTitle', [String(count)]) });
}
