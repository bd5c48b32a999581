// Brand profiles in extension storage. The engine validates a set before it is stored, so a
// malformed import never replaces the profiles in use.
import { api } from './api.js';

export async function loadProfiles() {
  const stored = await api.storage.local.get('profiles');
  return stored.profiles ?? null;
}

export async function saveProfiles(profiles) {
  await api.storage.local.set({ profiles });
}
