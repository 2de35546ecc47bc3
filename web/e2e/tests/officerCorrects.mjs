// The officer sees what was declared (goods with the nomenclature's words, parties, transport,
// containers), finds release refused with its reasons in words, records a discrepancy and
// corrects the price; the duties are assessed again, release still waits for the difference,
// and the trader reads the correction and its reason in the history and the paged notifications.
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';
import { RED_SELLER, RED_SELLER_TIN, importDeclaration, uniqueLrn } from './fixtures.mjs';

const CONTAINER = 'CSQU3054383'; // ISO 6346's own example, check digit valid

export const officerCorrects = {
  name: 'officer-goods-view-and-correction',
  async run({ newPage, shot, api }) {
    const lrn = uniqueLrn('E2E-COR');
    const body = importDeclaration(lrn, RED_SELLER, RED_SELLER_TIN);
    body.transport = { border_mode: '3', means_id: '01A777BC', means_nationality: 'UZ', containers: [CONTAINER] };
    body.items[0].packages = [{ count: 40, kind: 'CT', marks: 'SRT 1-40' }];
    const lodged = await api.ok('POST', '/v1/declarations', { user: 'silkroad', body });
    assertEqual(lodged.state, 'under_control', 'state after the red lane');
    const resource = await api.ok('GET', `/v1/declarations/${lodged.id}`, { user: 'inspector' });

    const officer = await newPage();
    await signIn(officer, 'inspector');
    await officer.goto(`/officer/declarations/${lodged.id}`);
    const goods = officer.getByTestId('goods-panel');
    await goods.getByTestId('goods-item').first().waitFor();
    const itemText = await goods.innerText();
    assert(itemText.includes('Wooden office desks') && itemText.includes('940330'), `the item's description and code: ${itemText}`);
    assert(itemText.includes('SRT 1-40'), `packages with their marks: ${itemText}`);
    const heading = resource.commodity_texts?.['9403'];
    if (heading) assert(itemText.includes(heading.slice(0, 20)), `the nomenclature's words for 9403 (${heading}): ${itemText}`);
    else console.log('    (no HS nomenclature on this server: the code text is not checked)');
    const parties = await officer.getByTestId('parties-panel').innerText();
    assert(parties.includes(RED_SELLER) && parties.includes('Silk Road Trading LLC'), `parties by name: ${parties}`);
    const shipment = await officer.getByTestId('shipment-panel').innerText();
    assert(shipment.includes(CONTAINER) && shipment.includes('01A777BC'), `transport and container: ${shipment}`);

    // Release is shown, refused, with the reason in words.
    const release = officer.getByTestId('action-release');
    await release.waitFor();
    assert(await release.isDisabled(), 'release is not offered before the assessment');
    const blocked = await officer.getByTestId('blocked-release').innerText();
    assert(blocked.includes('have not been assessed'), `why release is refused: ${blocked}`);

    await officer.locator('#ins-outcome').selectOption('discrepancy');
    await officer.locator('#ins-kind').selectOption('undervaluation');
    await officer.locator('#ins-notes').fill('Invoice found in the cab: 18,000 USD (e2e).');
    await officer.getByTestId('record-inspection').click();
    await officer.getByTestId('inspection-result').first().waitFor();

    // The correction: the price the invoice found says.
    await officer.locator('#cor-price').fill('18000');
    await officer.locator('#cor-reason').fill('the invoice found in the cab states 18000 USD');
    await officer.getByTestId('save-correction').click();
    await officer.getByTestId('correction-saved').waitFor();
    await officer.locator('[data-testid=declaration-header] [data-testid=state-badge][data-state=assessed]').waitFor();
    const versions = await api.ok('GET', `/v1/declarations/${lodged.id}/versions`, { user: 'inspector' });
    assertEqual(versions.versions.length, 2, 'versions after the correction');
    assertEqual(versions.versions[1].reason_code, 'INS', 'reason code of the correction');
    const debt = await api.ok('GET', `/v1/declarations/${lodged.id}/debt`, { user: 'inspector' });
    assertEqual(debt.assessed_version, 2, 'the corrected version is assessed');
    await eventually(async () => (await officer.getByTestId('goods-price').first().innerText()).includes('18,000.00'), 'the goods view to show the corrected price');
    await eventually(async () => (await officer.getByTestId('blocked-release').innerText()).includes('is not paid yet'), 'release to wait for the payment');
    await shot(officer, '-officer', { docs: 'officer-goods-view' });

    // In Russian: the decision's reasons, the measures' names and the package kinds are the
    // server's words in the language the app asks for (Accept-Language, code lists by ?lang=).
    await officer.evaluate(() => localStorage.setItem('oc.lang', 'ru'));
    await officer.reload();
    await eventually(async () => (await officer.getByTestId('risk-panel').innerText()).includes('коридор по критерию'),
      'the risk decision in Russian');
    await eventually(async () => (await officer.getByTestId('duties').innerText()).includes('НДС'), 'measure names in Russian');
    await eventually(async () => (await officer.getByTestId('goods-panel').innerText()).includes('Коробка картонная'),
      'package kinds in Russian');
    await officer.evaluate(() => localStorage.setItem('oc.lang', 'en'));
    await officer.reload();

    // The trader is told: history with the reason, notifications in words, a page at a time.
    const trader = await newPage();
    await signIn(trader, 'silkroad');
    await trader.goto(`/trader/declarations/${lodged.id}`);
    const history = trader.getByTestId('history');
    await eventually(async () => {
      const text = await history.innerText();
      return text.includes('Corrected by customs') && text.includes('the invoice found in the cab states 18000 USD');
    }, 'the correction in the trader history');
    const notes = trader.getByTestId('notification-pages');
    await eventually(async () => (await notes.innerText()).includes('goods to be examined'), 'CUSRES in words');
    await trader.getByTestId('goods-panel').waitFor();
    await shot(trader, '-trader');

    // In Russian, the system's reasons and the CUSRES words follow the language (codes, not text).
    await trader.evaluate(() => localStorage.setItem('oc.lang', 'ru'));
    await trader.reload();
    await eventually(async () => (await trader.getByTestId('history').innerText()).includes('красный коридор: таможенный досмотр'),
      'the lane reason in Russian');
    await eventually(async () => (await trader.getByTestId('notification-pages').innerText()).includes('товары подлежат досмотру'),
      'CUSRES in Russian words');
    await shot(trader, '-trader-ru', { docs: 'trader-declaration-goods-ru' });
    await trader.evaluate(() => localStorage.setItem('oc.lang', 'en'));
    await trader.reload();

    await trader.goto('/trader/notifications');
    const feed = trader.getByTestId('notification-pages');
    await feed.getByTestId('notification').first().waitFor();
    const first = await feed.getByTestId('notification').first().innerText();
    const older = feed.getByTestId('notifications-older');
    if ((await older.count()) > 0 && !(await older.isDisabled())) {
      await older.click();
      await trader.locator('[data-testid=notification-pages][data-page="2"]').waitFor();
      const second = await feed.getByTestId('notification').first().innerText();
      assert(second !== first, 'the older page shows other notifications');
    } else {
      console.log('    (one page of notifications only: paging not exercised)');
    }
  },
};
