// Brand profiles (with their own keyword lists: `block` and `allow`) in extension storage. The
// engine validates a set before it is stored, so a malformed import never replaces the profiles in
// use; a set that cannot be stored (quota) throws and the stored one stays (storage.js).
import { readStored, writeStored } from './storage.js';

export async function loadProfiles() {
  return (await readStored('profiles')) ?? null;
}

export async function saveProfiles(profiles) {
  await writeStored({ profiles });
}
