#!/usr/bin/env node
// End-to-end tests of the web app against the real server, in Debian's Chromium (headless,
// driven by playwright-core; no browser is downloaded).
//
//   node e2e/run.mjs [--only NAME] [--docs-screenshots]
//
// Environment: OPENCUSTOMS_BIN (default ../build/opencustoms), CHROMIUM (default /usr/bin/chromium),
// E2E_DEMO (demo declarations to seed, default 30), E2E_HS_MODEL / E2E_FRAUD_MODEL (reuse models
// trained before, see lib/server.mjs). Screenshots go to e2e/screenshots/; with --docs-screenshots
// the few shown in the documentation are also written to ../docs/screenshots/.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient, startServer } from './lib/server.mjs';
import { runTests } from './lib/harness.mjs';
import { RED_CRITERION, referenceDeclarations } from './tests/fixtures.mjs';
import { traderLodges } from './tests/traderLodges.mjs';
import { officerInspects } from './tests/officerInspects.mjs';
import { officerCorrects } from './tests/officerCorrects.mjs';
import { languageSwitch } from './tests/languageSwitch.mjs';
import { invalidForm } from './tests/invalidForm.mjs';
import { officerConsole } from './tests/officerConsole.mjs';
import { traderAmends } from './tests/traderAmends.mjs';
import { hsSuggestions } from './tests/hsSuggestions.mjs';
import { traderImportsCsv } from './tests/traderImportsCsv.mjs';
import { adminManagesAccounts } from './tests/adminManagesAccounts.mjs';
import { officerWatchesTransit } from './tests/officerWatchesTransit.mjs';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(webRoot, process.env.OPENCUSTOMS_BIN ?? '../build/opencustoms');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;
const docsDir = process.argv.includes('--docs-screenshots') ? path.resolve(webRoot, '..', 'docs', 'screenshots') : undefined;

// adminManagesAccounts last: it disables (then enables) fergana, which ends the sessions of the
// token the API helper keeps for fergana.
const tests = [traderLodges, officerInspects, officerCorrects, languageSwitch, invalidForm, traderAmends, hsSuggestions, traderImportsCsv, officerConsole, officerWatchesTransit, adminManagesAccounts];

async function main() {
  console.log(`server: ${bin}\nbrowser: ${executablePath}`);
  const started = Date.now();
  let server;
  try {
    server = await startServer({ bin, webDir: path.join(webRoot, 'dist'), repoRoot: path.resolve(webRoot, '..'), demo: Number(process.env.E2E_DEMO ?? 30) });
  } catch (e) {
    console.error(`\ne2e: cannot start the server: ${e.message}`);
    return 2;
  }
  let browser;
  try {
    console.log(`server up at ${server.base} (${((Date.now() - started) / 1000).toFixed(0)} s after the start)`);
    const api = apiClient(server.base);

    // The models the server was given must be in use: the classifier answers, the model is active.
    const suggest = await api.call('POST', '/v1/hs/suggest', { user: 'silkroad', body: { text: 'laptop computers', k: 1 } });
    if (suggest.status !== 200) throw new Error(`the HS classifier does not answer: ${suggest.status} ${JSON.stringify(suggest.body)}`);
    if (server.fraudModel) {
      const models = await api.ok('GET', '/v1/risk/models', { user: 'risk' });
      if (!models.items.some((m) => m.role === 'active')) throw new Error(`no active fraud model: ${JSON.stringify(models)}`);
    }

    // A unit-value reference for the officer's declaration (HS 940330 from CN): earlier
    // declarations of the same goods at ordinary prices, lodged as traders would.
    for (const d of referenceDeclarations()) await api.ok('POST', '/v1/declarations', { user: 'fergana', body: d });

    // Set-up through the API, as officers would: a red-lane criterion written by the risk
    // officer and approved by the supervisor (four eyes).
    const c = await api.ok('POST', '/v1/risk/criteria', { user: 'risk', body: RED_CRITERION });
    await api.ok('POST', `/v1/risk/criteria/${c.id}/approve`, { user: 'supervisor', body: {} });

    // The log's verifier key, as the server prints it at start: the trust anchor a reader of the
    // ledger gets out of band.
    const ledgerKey = /ledger key:\s+(\S+)/.exec(server.log())?.[1];
    if (!ledgerKey) throw new Error('the server did not print its ledger key');

    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const shared = { api, redCriterionId: c.id, ledgerKey, fraudModel: server.fraudModel };
    const withContext = tests.map((t) => ({ ...t, run: (ctx) => t.run({ ...ctx, ...shared }) }));
    const results = await runTests(withContext, {
      browser,
      baseURL: server.base,
      screenshotDir: path.join(webRoot, 'e2e', 'screenshots'),
      docsDir,
      only,
    });
    const failed = results.filter((r) => !r.ok);
    console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
    if (results.length === 0) throw new Error(`no test matches --only ${only}`);
    return failed.length ? 1 : 0;
  } catch (e) {
    console.error(`\ne2e set-up failed: ${e.stack || e}`);
    console.error(`--- server log ---\n${server.log().slice(-4000)}`);
    return 2;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

process.exitCode = await main();
