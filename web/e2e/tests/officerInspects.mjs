// A declaration selected for the red lane: the officer finds it in the worklist, reads why,
// records the inspection result and assesses the duties; the trader then sees the new status.
import { assert, assertEqual } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';
import { RED_SELLER, RED_SELLER_TIN, importDeclaration, uniqueLrn } from './fixtures.mjs';

export const officerInspects = {
  name: 'officer-worklist-inspection-and-trader-sees-status',
  async run({ newPage, shot, api, redCriterionId }) {
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
    await row.click();
    await officer.waitForURL(`**/officer/declarations/${lodged.id}`);

    const fired = officer.getByTestId('fired-criteria');
    await fired.waitFor();
    const firedText = await fired.innerText();
    assert(firedText.includes(redCriterionId), `the criterion ${redCriterionId} is listed as fired: ${firedText}`);
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
    await shot(officer, '-officer');

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
    const history = await trader.getByTestId('history').innerText();
    assert(history.includes('Duties assessed') && history.includes('examination found no discrepancy'), `history shows the officer's step: ${history}`);
    await shot(trader);
  },
};
