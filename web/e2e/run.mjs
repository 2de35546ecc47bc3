#!/usr/bin/env node
// End-to-end tests of the web app against the real server, in Debian's Chromium (headless,
// driven by playwright-core; no browser is downloaded).
//
//   node e2e/run.mjs [--only NAME]
//
// Environment: OPENCUSTOMS_BIN (default ../build/opencustoms), CHROMIUM (default /usr/bin/chromium),
// E2E_DEMO (demo declarations to seed, default 30). Screenshots go to e2e/screenshots/.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient, startServer } from './lib/server.mjs';
import { runTests } from './lib/harness.mjs';
import { RED_CRITERION } from './tests/fixtures.mjs';
import { traderLodges } from './tests/traderLodges.mjs';
import { officerInspects } from './tests/officerInspects.mjs';
import { languageSwitch } from './tests/languageSwitch.mjs';
import { invalidForm } from './tests/invalidForm.mjs';
import { officerConsole } from './tests/officerConsole.mjs';
import { traderAmends } from './tests/traderAmends.mjs';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(webRoot, process.env.OPENCUSTOMS_BIN ?? '../build/opencustoms');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;

const tests = [traderLodges, officerInspects, languageSwitch, invalidForm, traderAmends, officerConsole];

async function main() {
  console.log(`server: ${bin}\nbrowser: ${executablePath}`);
  let server;
  try {
    server = await startServer({ bin, webDir: path.join(webRoot, 'dist'), demo: Number(process.env.E2E_DEMO ?? 30) });
  } catch (e) {
    console.error(`\ne2e: cannot start the server: ${e.message}`);
    return 2;
  }
  let browser;
  try {
    console.log(`server up at ${server.base}`);
    const api = apiClient(server.base);

    // Set-up through the API, as officers would: a red-lane criterion written by the risk
    // officer and approved by the supervisor (four eyes).
    const c = await api.ok('POST', '/v1/risk/criteria', { user: 'risk', body: RED_CRITERION });
    await api.ok('POST', `/v1/risk/criteria/${c.id}/approve`, { user: 'supervisor', body: {} });

    // The log's verifier key, as the server prints it at start: the trust anchor a reader of the
    // ledger gets out of band.
    const ledgerKey = /ledger key:\s+(\S+)/.exec(server.log())?.[1];
    if (!ledgerKey) throw new Error('the server did not print its ledger key');

    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const withContext = tests.map((t) => ({ ...t, run: (ctx) => t.run({ ...ctx, api, redCriterionId: c.id, ledgerKey }) }));
    const results = await runTests(withContext, {
      browser,
      baseURL: server.base,
      screenshotDir: path.join(webRoot, 'e2e', 'screenshots'),
      only,
    });
    const failed = results.filter((r) => !r.ok);
    console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
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
