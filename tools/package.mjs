// Assembles dist/chrome and dist/firefox from the one source manifest, the extension's files, the
// wasm bindings (build/pkg) and the reviewed data files, then zips each. Per-browser differences
// are only the small overrides in extension/platform/<browser>.json.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => readFileSync(join(root, p), 'utf8');

// Objects merge key by key; a null removes the key; anything else replaces it.
function merge(base, override) {
  const out = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (key.startsWith('_')) continue;
    if (value === null) delete out[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof out[key] === 'object') out[key] = merge(out[key], value);
    else out[key] = value;
  }
  return out;
}

const cargoVersion = read('Cargo.toml').match(/^version = "([^"]+)"/m)[1];
const manifest = JSON.parse(read('manifest.json'));
if (manifest.version !== cargoVersion) {
  throw new Error(`manifest.json version ${manifest.version} differs from Cargo.toml ${cargoVersion}`);
}
const signatures = JSON.parse(read('data/ad_signatures.json'));

for (const browser of ['chrome', 'firefox']) {
  const out = join(root, 'dist', browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'extension'), out, { recursive: true, filter: (src) => !src.includes(`${join('extension', 'platform')}`) });
  cpSync(join(root, 'build', 'pkg'), join(out, 'pkg'), { recursive: true, filter: (src) => !src.endsWith('.gitignore') });
  for (const notice of ['NOTICE.md', 'LICENSE']) cpSync(join(root, notice), join(out, notice));
  cpSync(join(root, 'data', 'topics.tsv'), join(out, 'topics.tsv')); // topic names for the options page
  // EasyList + EasyList Dutch: the worker compiles them on first start and caches the result.
  cpSync(join(root, 'data', 'filters'), join(out, 'filters'), { recursive: true });
  cpSync(join(root, 'data', 'brands', 'directory.tsv'), join(out, 'data', 'brands', 'directory.tsv'));
  const platform = JSON.parse(read(`extension/platform/${browser}.json`));
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(merge(manifest, platform), null, 2)}\n`);
  writeFileSync(join(out, 'signatures.js'),
    `// Generated from data/ad_signatures.json by tools/package.mjs.\nvar BRANDLENS_SIGNATURES = ${JSON.stringify(signatures)};\n`);
  const zip = join(root, 'dist', `brandlens-${browser}.zip`);
  rmSync(zip, { force: true });
  execFileSync('python3', ['-c', `
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for d, _, files in sorted(os.walk(src)):
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, src))
`, out, zip]);
  console.log(`dist/${browser} and dist/brandlens-${browser}.zip`);
}
