// A trader lodges a declaration with the form (adding and removing items, choosing the first
// item's origin by its Russian name from the server's country list), sees its lane and its duties
// per item and tax, and pays through the demo bank.
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { field, fillDeclarationForm, signIn } from '../lib/ui.mjs';
import { LANE_EN, formatEn, uniqueLrn } from './fixtures.mjs';

export const traderLodges = {
  name: 'trader-lodges-and-sees-lane-and-duties',
  async run({ newPage, shot, api }) {
    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.locator('nav.mainnav').getByRole('link', { name: 'Lodge a declaration' }).click();
    await page.waitForURL('**/trader/new');

    // The declarant comes from the organisation registry.
    const org = await api.ok('GET', '/v1/organisations/301234567', { user: 'silkroad' });
    const declarantName = field(page, '/parties/declarant/name');
    await eventually(async () => (await declarantName.inputValue()) === org.name, `the declarant name "${org.name}" filled in`);
    assertEqual(await field(page, '/parties/declarant/address/city').inputValue(), org.address.city, 'the declarant city filled in');

    const lrn = uniqueLrn('E2E-LODGE');
    await fillDeclarationForm(page, {
      lrn,
      invoiceNumber: 'BC-INV-2026-0917',
      items: [
        { description: 'Laptop computers, 14 inch, 16 GB RAM', hs: '847130', origin: '', net: '387.5', gross: '462', price: '45000' },
        { description: 'AC power adapters 65 W for laptops', hs: '850440', origin: 'CN', net: '70', gross: '81.25', price: '3750' },
        { description: 'An item added by mistake', hs: '000000', origin: 'CN', net: '1', gross: '1', price: '1' },
      ],
    });
    // Remove the third item again: the form must renumber and send two items only.
    await page.getByTestId('remove-item-2').click();
    assertEqual(await page.locator('fieldset.item').count(), 2, 'items in the form after removing one');

    // The first item's origin, chosen in Russian from GET /v1/code-lists/countries?lang=ru: typing
    // part of the name offers "CN — Китай", choosing it enters the code and shows the name.
    const ruCountries = await api.ok('GET', '/v1/code-lists/countries?lang=ru', { user: 'silkroad' });
    const china = ruCountries.items.find((c) => c.code === 'CN');
    assertEqual(china?.name, 'Китай', 'the Russian name of CN in the code list');
    await page.getByTestId('language-switcher').selectOption('ru');
    await page.locator('label', { hasText: 'Страна происхождения' }).first().waitFor();
    const origin = field(page, '/items/0/origin');
    const originField = page.getByTestId('item-0').locator('.field', { has: origin });
    await origin.fill('кита');
    const option = originField.getByRole('option', { name: 'CN — Китай' });
    await option.waitFor();
    await shot(page, '-origin-ru');
    await option.click();
    assertEqual(await origin.inputValue(), 'CN', 'the origin code after choosing "Китай"');
    assertEqual((await originField.getByTestId('code-name').innerText()).trim(), 'Китай', 'the name shown below the origin');
    // The office is a pick list of the server's offices, "code — name".
    const office = field(page, '/office');
    await page.locator('#f-office[data-list-loaded=true]').waitFor();
    const offices = await api.ok('GET', '/v1/code-lists/offices?lang=ru', { user: 'silkroad' });
    const selectedOffice = offices.items.find((o) => o.code === 'UZ260101');
    assertEqual((await office.locator('option:checked').innerText()).trim(), `UZ260101 — ${selectedOffice.name}`, 'the office as the pick list shows it');
    // Back in English, the names follow the language.
    await page.getByTestId('language-switcher').selectOption('en');
    await eventually(async () => (await originField.getByTestId('code-name').innerText()).trim() === 'China', 'the origin named in English');

    await page.getByTestId('submit-declaration').click();
    await page.waitForURL(/\/trader\/declarations\/\d+$/);
    const header = page.getByTestId('declaration-header');
    await header.waitFor();
    const id = await header.getAttribute('data-id');

    // What the API says about it, to check what the page shows.
    const stored = await api.ok('GET', `/v1/declarations/${id}`, { user: 'silkroad' });
    assertEqual(stored.lrn, lrn, 'LRN of the lodged declaration');
    assertEqual(stored.item_count, 2, 'items stored');
    assertEqual(stored.declaration.items[0].origin, 'CN', 'the origin chosen by its Russian name');
    assert(stored.lane, `the declaration got no lane: ${JSON.stringify(stored)}`);
    const laneText = LANE_EN[stored.lane];
    const banner = await page.getByTestId('lodged-banner').innerText();
    assert(banner.includes(`Lane: ${laneText}`), `the lodged banner names the lane ${laneText}: "${banner}"`);
    const badge = header.getByTestId('lane-badge');
    assertEqual(await badge.getAttribute('data-lane'), stored.lane, 'lane badge');
    assertEqual((await badge.innerText()).trim(), laneText, 'lane badge text');

    // Duties per item and tax, as the API assesses them.
    const assessment = await api.ok('GET', `/v1/declarations/${id}/assessment`, { user: 'silkroad' });
    const total = page.getByTestId('duties-total');
    await total.waitFor();
    assertEqual(await total.getAttribute('data-amount'), assessment.total, 'duties total amount');
    assertEqual((await total.innerText()).trim(), formatEn(assessment.total, assessment.currency), 'duties total as shown');
    const lineCount = assessment.items.reduce((n, it) => n + it.lines.length, 0) + assessment.declaration_lines.length;
    assertEqual(await page.getByTestId('duty-amount').count(), lineCount, 'duty lines shown (per item and tax)');
    const vat = assessment.totals_by_tax.vat;
    if (vat) {
      const byTax = await page.getByTestId('totals-by-tax').innerText();
      assert(byTax.includes('VAT') && byTax.includes(formatEn(vat, assessment.currency)), `VAT total ${vat} shown in: ${byTax}`);
    }
    await shot(page);

    // Pay through the demo bank when an order is open (green and blue lanes are assessed at once).
    const pay = page.getByTestId('pay-demo-bank');
    if (await pay.count()) {
      await pay.first().click();
      await page.locator('[data-testid=payment-order][data-status=paid]').first().waitFor();
      const debt = await api.ok('GET', `/v1/declarations/${id}/debt`, { user: 'silkroad' });
      assertEqual(debt.outstanding, '0.00', 'outstanding after the demo bank payment');
      // A green or blue lane releases itself once the debt is paid; the page shows it.
      if (stored.lane === 'green' || stored.lane === 'blue') {
        await header.locator('[data-testid=state-badge][data-state=released]').waitFor();
        await page.getByTestId('history').getByText('Released').first().waitFor();
      }
      await shot(page, '-paid', { docs: 'trader-declaration-paid' });
    }
  },
};
