// The rest of the officer console on real data: dashboards draw their charts, the criteria
// editor gives syntax feedback and back-tests, and the ledger proofs of a declaration verify in
// the browser (WebCrypto) against the signed checkpoint and the log's key.
import { assert, assertEqual } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';

export const officerConsole = {
  name: 'officer-dashboards-criteria-ledger',
  async run({ newPage, shot, api, ledgerKey }) {
    const page = await newPage();
    await signIn(page, 'risk');

    await page.locator('nav.mainnav').getByRole('link', { name: 'Dashboards' }).click();
    await page.getByTestId('risk-dashboard').waitFor();
    await page.getByTestId('revenue-dashboard').waitFor();
    await page.locator('.chart svg').first().waitFor();
    const charts = await page.locator('.chart svg').count();
    assert(charts >= 5, `dashboards draw their charts (found ${charts})`);
    const report = await api.ok('GET', '/v1/reports/risk', { user: 'risk' });
    const text = await page.getByTestId('risk-dashboard').innerText();
    assert(text.includes(`Declarations: ${report.total.declarations}`), `lane mix counts the report's ${report.total.declarations} declarations`);
    await shot(page, '-dashboards');

    await page.locator('nav.mainnav').getByRole('link', { name: 'Risk criteria' }).click();
    const expr = page.locator('#cr-expression');
    await expr.fill('origin = "CN" and orign = "TR"');
    const feedback = page.getByTestId('expression-feedback');
    await feedback.locator('.bad').waitFor();
    assert((await feedback.innerText()).includes('Column 19'), `syntax error at column 19: ${await feedback.innerText()}`);
    await expr.fill('chapter in ["84", "85"] and origin = "CN"');
    await feedback.locator('.ok').waitFor();
    await page.getByTestId('run-backtest').click();
    await page.getByTestId('backtest-result').waitFor();
    await shot(page, '-criteria');

    // Ledger proofs of a declaration of the demo data.
    const list = await api.ok('GET', '/v1/declarations?state=released&limit=1', { user: 'risk' });
    assert(list.items.length === 1, 'a released demo declaration exists');
    await page.goto(`/officer/declarations/${list.items[0].id}`);
    await page.locator('#ledger-key').fill(ledgerKey);
    await page.getByTestId('verify-ledger').click();
    const result = page.getByTestId('ledger-result');
    await result.waitFor();
    assertEqual(await result.getAttribute('data-failed'), '0', 'entries whose proof failed');
    assertEqual(await result.getAttribute('data-signature'), 'ok', 'checkpoint signature');
    await result.scrollIntoViewIfNeeded();
    await shot(page, '-ledger');

    // A wrong key must not verify.
    await page.locator('#ledger-key').fill(ledgerKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'));
    await page.getByTestId('verify-ledger').click();
    await page.locator('[data-testid=ledger-result][data-signature=bad]').waitFor();
  },
};
