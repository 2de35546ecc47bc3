// The rest of the officer console on real data: dashboards draw their charts (lane mix, hit rates
// over time and per criterion, clearance times) from the reports of the demo data, the criteria
// editor gives syntax feedback and back-tests, and the ledger proofs of a declaration verify in
// the browser (WebCrypto) against the signed checkpoint and the log's key.
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';

export const officerConsole = {
  name: 'officer-dashboards-criteria-ledger',
  async run({ newPage, shot, api, ledgerKey, redCriterionId }) {
    const page = await newPage();
    await signIn(page, 'risk');

    await page.locator('nav.mainnav').getByRole('link', { name: 'Dashboards' }).click();
    await page.getByTestId('risk-dashboard').waitFor();
    await page.getByTestId('revenue-dashboard').waitFor();
    await page.locator('.chart svg').first().waitFor();
    const charts = await page.locator('.chart svg').count();
    assert(charts >= 8, `dashboards draw their charts (found ${charts})`);
    const report = await api.ok('GET', '/v1/reports/risk', { user: 'risk' });
    const text = await page.getByTestId('risk-dashboard').innerText();
    assert(text.includes(`Declarations: ${report.total.declarations}`), `lane mix counts the report's ${report.total.declarations} declarations`);

    // Hit rate over time: a line per source over the report's days.
    assert(report.hits_by_day.length > 0, 'the report has days');
    const overTime = page.getByTestId('hit-rate-over-time').locator('.chart svg');
    await overTime.waitFor();
    const overTimeText = await overTime.textContent();
    for (const s of ['Risk criteria', 'Fraud model', 'Random selection', report.hits_by_day[0].day])
      assert(overTimeText.includes(s), `the hit rate over time chart shows "${s}"`);

    // Hit rate per criterion: the chart, and a row per criterion that matched in the period.
    const perCriterion = page.getByTestId('criteria-hit-rates');
    await perCriterion.locator('.chart svg').waitFor();
    assert(report.criteria.length > 0, 'criteria matched in the period');
    for (const c of report.criteria) {
      const cells = await perCriterion.getByTestId(`criterion-tally-${c.id}`).locator('td').allInnerTexts();
      assertEqual(cells.slice(1, 5).join(' '), [c.matched, c.declarations, c.inspected, c.hits].join(' '), `tally of ${c.id}`);
    }
    const red = report.criteria.find((c) => c.id === redCriterionId);
    if (red) assert(red.matched >= 1, `the scenario's criterion ${redCriterionId} matched`);

    // One criterion over time: choosing its row draws its hit rate per day (criteria[].by_day) on
    // the over-time chart beside the sources; choosing it again takes it off.
    // (One with an inspected declaration if there is one, so that its line has points.)
    const drawn =
      report.criteria.find((c) => c.by_day.some((d) => d.inspected > 0)) ?? report.criteria.find((c) => c.by_day.length > 0);
    assert(drawn, `a criterion selected declarations on some day: ${JSON.stringify(report.criteria.map((c) => [c.id, c.by_day.length]))}`);
    await perCriterion.getByTestId(`criterion-tally-${drawn.id}`).getByTestId('criterion-over-time').click();
    await page.locator(`[data-testid=hit-rate-over-time][data-criterion="${drawn.id}"]`).waitFor();
    const caption = await page.getByTestId('criterion-on-chart').innerText();
    assert(caption.includes(`criterion ${drawn.id} (days it selected declarations: ${drawn.by_day.length})`), `caption of the criterion drawn: ${caption}`);
    await eventually(async () => (await overTime.textContent()).includes(`Criterion ${drawn.id}`), `the legend names criterion ${drawn.id}`);
    assertEqual(await perCriterion.getByTestId(`criterion-tally-${drawn.id}`).getByTestId('criterion-over-time').getAttribute('aria-pressed'), 'true', 'the row is marked as drawn');

    // Clearance times: the histogram per lane, and the median and 90th percentile per lane.
    const clearance = await api.ok('GET', '/v1/reports/clearance', { user: 'risk' });
    assert(clearance.total.released > 0, 'the demo data has released goods');
    const cd = page.getByTestId('clearance-dashboard');
    await cd.locator('.chart svg').waitFor();
    assertEqual(await cd.getByTestId('clearance-total').getAttribute('data-released'), String(clearance.total.released), 'goods released in all');
    for (const [lane, f] of Object.entries(clearance.lanes)) {
      const row = cd.getByTestId(`clearance-${lane}`);
      assertEqual(await row.getAttribute('data-released'), String(f.released), `goods released in the ${lane} lane`);
      const [, , p50, p90] = await row.locator('td').allInnerTexts();
      assert(/\d/.test(p50) && /\d/.test(p90), `median and 90th percentile of the ${lane} lane: ${p50}, ${p90}`);
    }
    await shot(page, '-dashboards', { docs: 'officer-dashboards' });
    await perCriterion.getByTestId(`criterion-tally-${drawn.id}`).click();
    await page.locator('[data-testid=hit-rate-over-time]:not([data-criterion])').waitFor();
    assert(!(await overTime.textContent()).includes(`Criterion ${drawn.id}`), 'the criterion is taken off the chart');

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
    // The server's own key is shown beside, for comparison (the pasted key is what is trusted).
    assertEqual(await page.getByTestId('server-ledger-key').getAttribute('data-match'), 'true', 'the printed key is the one the server announces');
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
    assertEqual(await page.getByTestId('server-ledger-key').getAttribute('data-match'), 'false', 'a different key is flagged');
  },
};
