// A declaration selected for the red lane: the officer finds it in the worklist (and by searching
// all open work for part of its LRN), reads why (criteria, the model's contributions, the unit value
// against its reference distribution), records the inspection result and assesses the duties; the
// trader then sees the new status.
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';
import { RED_SELLER, RED_SELLER_TIN, importDeclaration, uniqueLrn } from './fixtures.mjs';

export const officerInspects = {
  name: 'officer-worklist-inspection-and-trader-sees-status',
  async run({ newPage, shot, api, redCriterionId, fraudModel }) {
    const lrn = uniqueLrn('E2E-RED');
    const lodged = await api.ok('POST', '/v1/declarations', { user: 'silkroad', body: importDeclaration(lrn, RED_SELLER, RED_SELLER_TIN) });
    assertEqual(lodged.lane, 'red', 'lane of the declaration the red criterion selects');
    assertEqual(lodged.state, 'under_control', 'state after the red lane');

    const officer = await newPage();
    await signIn(officer, 'inspector');
    // The default worklist is the red lane, under control.
    const row = officer.getByTestId(`worklist-row-${lrn}`);
    await row.waitFor();
    await shot(officer, '-worklist');

    // All open work of every lane, searched by part of the LRN (case-insensitive).
    await officer.getByTestId('lane-tab-all').click();
    await officer.locator('#wl-state').selectOption('registered,under_control,held');
    await officer.locator('#wl-search').fill(lrn.slice(-7).toLowerCase());
    await officer.locator('form[role=search] button[type=submit]').click();
    const rows = officer.locator('[data-testid^=worklist-row-]');
    await eventually(async () => (await rows.count()) === 1 && (await row.count()) === 1, 'the search to list only the declaration');
    await row.click();
    await officer.waitForURL(`**/officer/declarations/${lodged.id}`);

    const fired = officer.getByTestId('fired-criteria');
    await fired.waitFor();
    const firedText = await fired.innerText();
    assert(firedText.includes(redCriterionId), `the criterion ${redCriterionId} is listed as fired: ${firedText}`);
    // The history tells the officer why, marked as for customs only.
    const internal = officer.getByTestId('internal-reason').first();
    await internal.waitFor();
    assert((await internal.innerText()).includes(redCriterionId), `the internal reason names ${redCriterionId}`);

    // The model's strongest contributions: a chart, and the same features in a table.
    const risk = await api.ok('GET', `/v1/declarations/${lodged.id}/risk`, { user: 'inspector' });
    const features = (risk.explanation.top ?? []).map((f) => f.feature);
    if (fraudModel) {
      assert(features.length > 0, `an active model explains its score: ${JSON.stringify(risk.explanation)}`);
      const contributions = officer.getByTestId('contributions');
      const chart = contributions.locator('.chart svg');
      await chart.waitFor();
      const drawn = await chart.textContent();
      const listed = await contributions.getByTestId('contributions-table').locator('tbody td.mono').allTextContents();
      assertEqual(listed.join(' '), features.join(' '), 'features listed in the table');
      // The chart names each feature in words, as the table's first column does.
      const words = await contributions.getByTestId('contributions-table').getByTestId('feature-words').allTextContents();
      assert(words.every((w) => drawn.includes(w)), `the chart names every feature in words (${words.join(', ')}): ${drawn}`);
      assert(words.some((w, i) => w !== features[i]), `features are put in words: ${words.join(', ')}`);
    } else {
      console.log('    (no fraud model on this server: the contributions chart is not checked)');
      await officer.getByText('No fraud model is active on this server.').waitFor();
    }

    // The item's declared unit value against the reference distribution of its goods.
    const reference = await api.ok('GET', '/v1/reference/unit-values?hs=940330&origin=CN&buckets=20', { user: 'inspector' });
    assertEqual(reference.basis, 'hs6+origin', 'basis of the reference (set-up lodged enough declarations)');
    const uv = officer.getByTestId('unit-value-chart');
    const uvChart = uv.locator('.chart svg');
    await uvChart.waitFor();
    assertEqual(await uv.getAttribute('data-observations'), String(reference.observations), 'observations charted');
    const uvText = await uvChart.textContent();
    assert(uvText.includes('declared unit value') && uvText.includes('reference median'), `marker lines for the declared value and the median: ${uvText}`);
    const bars = await uvChart.locator('path').count();
    assert(bars >= reference.histogram.filter((b) => b.count > 0).length, `a bar per filled bucket (${bars} paths)`);
    const median = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(reference.median);
    const caption = await uv.locator('figcaption').innerText();
    assert(caption.includes(`median ${median}`), `the caption gives the median ${median}: ${caption}`);
    assert(risk.items[0].unit_value > 0, 'the risk decision has the item unit value');
    await officer.getByTestId('trader-profile').locator('dl').waitFor();

    await officer.locator('#ins-outcome').selectOption('no_discrepancy');
    await officer.locator('#ins-notes').fill('Goods match the packing list (e2e).');
    await officer.getByTestId('record-inspection').click();
    await officer.getByTestId('inspection-result').first().waitFor();
    const result = await officer.getByTestId('inspection-result').first().innerText();
    assert(result.includes('No discrepancy'), `the recorded result is listed: ${result}`);

    await officer.locator('#action-reason').fill('examination found no discrepancy');
    await officer.getByTestId('action-assess').click();
    await officer.locator('[data-testid=declaration-header] [data-testid=state-badge][data-state=assessed]').waitFor();
    await shot(officer, '-officer', { docs: 'officer-declaration-risk' });

    const inspections = await api.ok('GET', `/v1/declarations/${lodged.id}/inspections`, { user: 'inspector' });
    assertEqual(inspections.items.length, 1, 'inspection results stored');
    assertEqual(inspections.items[0].outcome, 'no_discrepancy', 'stored outcome');

    // The trader sees the new status, in its own session.
    const trader = await newPage();
    await signIn(trader, 'silkroad');
    await trader.getByTestId(`declaration-row-${lrn}`).waitFor();
    await trader.getByTestId(`declaration-row-${lrn}`).click();
    const state = trader.locator('[data-testid=declaration-header] [data-testid=state-badge]');
    await state.waitFor();
    assertEqual(await state.getAttribute('data-state'), 'assessed', 'state the trader sees');
    assertEqual((await state.innerText()).trim(), 'Assessed', 'state text the trader sees');
    // The history is fetched after the header: wait for it rather than read it while it loads.
    const history = trader.getByTestId('history');
    await eventually(async () => {
      const text = await history.innerText();
      return text.includes('Duties assessed') && text.includes('examination found no discrepancy');
    }, "the history to show the officer's step").catch(async (e) => {
      throw new Error(`${e.message}: ${await history.innerText()}`);
    });
    // The trader learns the lane and what it asks, never the criterion behind it.
    const traderHistory = await history.innerText();
    assert(traderHistory.includes('red lane: physical examination'), `the lane's public reason: ${traderHistory}`);
    assert(!traderHistory.includes(redCriterionId), `no criterion in the trader's history: ${traderHistory}`);
    assertEqual(await trader.getByTestId('internal-reason').count(), 0, "internal reasons on the trader's page");
    await shot(trader);
  },
};
