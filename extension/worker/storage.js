// Everything BrandLens keeps lives in the extension's own storage (storage.local), under a schema
// version, so brand profiles (with their keyword lists) and site history survive a worker restart,
// a browser restart and an extension update. docs/privacy.md lists every key.
//
// Rules that keep data safe:
// - Every read waits for the migrations, which run once per worker start and before anything else.
// - A migration never deletes what it cannot read: it keeps it under `unreadable`, with the reason.
// - Writes of one change go in one storage.local.set call (applied whole or not at all); a failed
//   write (e.g. over quota) throws a clear error and leaves the stored data as it was.
// - Writes are queued, so two read-modify-write updates of the same key never lose each other.
// - Data written by a newer BrandLens (a downgrade) is read as far as it can be and never rewritten.
import { api } from './api.js';

export const STORAGE_VERSION = 1;
const VERSION_KEY = 'storageVersion';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// MIGRATIONS[n] turns the stored layout of version n into version n + 1. It gets everything stored
// and returns `{ set, remove }`; the new version number is set with it, in the same write.
const MIGRATIONS = [
  // 0 -> 1. Version 0 is the walking skeleton (0.1.0 before this schema): the profile set under
  // `profiles`, no version key. Version 1 adds the version key and sets aside a `profiles` value
  // that is not a profile set, instead of failing on it at every start.
  (stored) => {
    const profiles = stored.profiles;
    if (profiles === undefined || (isObject(profiles) && Array.isArray(profiles.brands))) return { set: {}, remove: [] };
    const unreadable = { ...(isObject(stored.unreadable) ? stored.unreadable : {}) };
    unreadable.profiles = { value: profiles, reason: 'not a profile set (storage version 0)', at: new Date().toISOString() };
    return { set: { unreadable }, remove: ['profiles'] };
  },
];

async function migrate() {
  const stored = await api.storage.local.get(null);
  let version = Number.isSafeInteger(stored[VERSION_KEY]) ? stored[VERSION_KEY] : 0;
  if (version > STORAGE_VERSION) {
    console.warn(`BrandLens: storage was written by a newer version (${version}); it is read but not rewritten`);
    return { version, readOnly: true };
  }
  for (; version < STORAGE_VERSION; version += 1) {
    const { set, remove } = MIGRATIONS[version](stored);
    // Set first, in one write with the new version; only then remove what it replaces.
    await api.storage.local.set({ ...set, [VERSION_KEY]: version + 1 });
    if (remove.length) await api.storage.local.remove(remove);
    Object.assign(stored, set);
    for (const key of remove) delete stored[key];
  }
  return { version, readOnly: false };
}

let migrated = null;

// Resolves once the stored data is at STORAGE_VERSION (or read-only); `{ version, readOnly }`.
export function storageReady() {
  migrated ??= migrate().catch((error) => {
    migrated = null; // try again on the next read rather than never
    throw error;
  });
  return migrated;
}

// The stored value of `key`, or undefined.
export async function readStored(key) {
  await storageReady();
  return (await api.storage.local.get(key))[key];
}

let queue = Promise.resolve();

// Writes `items` ({ key: value, … }) in one go. Throws, with the stored data unchanged, when storage
// refuses (quota) or the data belongs to a newer BrandLens.
export function writeStored(items) {
  const write = queue.then(async () => {
    const { readOnly } = await storageReady();
    if (readOnly) throw new Error('BrandLens: storage belongs to a newer BrandLens version; nothing was written');
    try {
      await api.storage.local.set(items);
    } catch (error) {
      throw new Error(`BrandLens: could not save (${error.message}); what was saved before is unchanged`);
    }
  });
  queue = write.catch(() => undefined);
  return write;
}

// Read-modify-write of one key, queued behind every other write: `update(old)` returns the new
// value. For lists that grow, such as site history: updateStored('history', (h = []) => [...h, entry]).
export function updateStored(key, update) {
  const write = queue.then(async () => {
    const { readOnly } = await storageReady();
    if (readOnly) throw new Error('BrandLens: storage belongs to a newer BrandLens version; nothing was written');
    const value = update((await api.storage.local.get(key))[key]);
    try {
      await api.storage.local.set({ [key]: value });
    } catch (error) {
      throw new Error(`BrandLens: could not save ${key} (${error.message}); what was saved before is unchanged`);
    }
    return value;
  });
  queue = write.catch(() => undefined);
  return write;
}
