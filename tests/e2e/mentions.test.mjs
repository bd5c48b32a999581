// Brand mentions in Chromium: a Dutch news page whose comment section holds a customer's complaint
// about the brand. The extension's report names the mention, its sentiment, the speaker (a customer
// in the comments), the situation that makes (a nightmare) and the advice; the CLI reads the saved
// page the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv/dist/2020.js';
import { launchBrowser, reportOf, root, startSites } from './harness.mjs';

const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'docs/report.schema.json'), 'utf8')));
const PROFILES = { version: 2, brands: [{ name: 'Nikon', products: ['Z fc'], domains: ['nikon.nl'], competence: 'high', relationship: 'moderate' }] };

let sites;
let browser;
before(async () => {
  sites = await startSites();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sites?.close();
});

const hasMentions = (r) => r.mentions.length > 0;

test('a complaint in the comments is a nightmare, answered openly', async () => {
  await browser.worker.evaluate((p) => globalThis.brandlens.setProfile(p), PROFILES);
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/klacht-reacties.html`;
  await page.goto(url);
  const report = await reportOf(browser.worker, url, hasMentions);
  assert.ok(validateReport(report), `report does not match docs/report.schema.json: ${JSON.stringify(validateReport.errors)}`);

  const complaint = report.mentions.find((m) => m.role === 'comment');
  assert.ok(complaint, `a mention in the comments, got ${JSON.stringify(report.mentions)}`);
  assert.equal(complaint.brand, 'Nikon');
  assert.equal(complaint.sentiment, 'negative');
  assert.equal(complaint.situation, 'nightmare');
  assert.equal(complaint.speaker.kind, 'customer');
  assert.equal(complaint.advice.action, 'respond');
  assert.equal(complaint.advice.posture, 'open-vulnerable');
  assert.match(complaint.snippet, /^Mijn Nikon is na twee weken kapot gegaan/);
  assert.ok(complaint.sentimentTerms.includes('waardeloos'), `sentiment terms: ${complaint.sentimentTerms}`);

  // The article names the brand neutrally: a journalist, no situation to answer.
  const article = report.mentions.filter((m) => m.role !== 'comment');
  assert.equal(article.length, 2, JSON.stringify(article));
  assert.ok(article.every((m) => m.sentiment === 'neutral' && m.situation === null && m.speaker.kind === 'journalist'));
  await page.close();
});

test('the CLI finds the same mentions in the saved page', async () => {
  const page = await browser.context.newPage();
  const url = `${sites.origins.publisher}/klacht-reacties.html`;
  await page.goto(url);
  const inBrowser = await reportOf(browser.worker, url, hasMentions);
  const dir = mkdtempSync(join(tmpdir(), 'brandlens-profile-'));
  try {
    const profile = join(dir, 'profiles.json');
    writeFileSync(profile, JSON.stringify(PROFILES));
    const cli = JSON.parse(execFileSync(join(root, 'target/release/brandlens'),
      ['scan', 'tests/e2e/fixtures/publisher/klacht-reacties.html', '--url', url, '--profile', profile], { cwd: root, encoding: 'utf8' }));
    const essentials = (r) => r.mentions.map((m) => [m.brand, m.snippet, m.sentiment, m.situation, m.speaker.kind, m.urgency.level]);
    assert.deepEqual(essentials(cli), essentials(inBrowser));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await page.close();
});
