// A trader lodges a declaration with the form (adding and removing items), sees its lane and
// its duties per item and tax, and pays through the demo bank.
import { assert, assertEqual } from '../lib/harness.mjs';
import { fillDeclarationForm, signIn } from '../lib/ui.mjs';
import { LANE_EN, formatEn, uniqueLrn } from './fixtures.mjs';

export const traderLodges = {
  name: 'trader-lodges-and-sees-lane-and-duties',
  async run({ newPage, shot, api }) {
    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.locator('nav.mainnav').getByRole('link', { name: 'Lodge a declaration' }).click();
    await page.waitForURL('**/trader/new');

    const lrn = uniqueLrn('E2E-LODGE');
    await fillDeclarationForm(page, {
      lrn,
      declarantName: 'Silk Road Trading LLC',
      sellerName: 'Shenzhen Bright Computing Co., Ltd.',
      invoiceNumber: 'BC-INV-2026-0917',
      items: [
        { description: 'Laptop computers, 14 inch, 16 GB RAM', hs: '847130', origin: 'CN', net: '387.5', gross: '462', price: '45000' },
        { description: 'AC power adapters 65 W for laptops', hs: '850440', origin: 'CN', net: '70', gross: '81.25', price: '3750' },
        { description: 'An item added by mistake', hs: '000000', origin: 'CN', net: '1', gross: '1', price: '1' },
      ],
    });
    // Remove the third item again: the form must renumber and send two items only.
    await page.getByTestId('remove-item-2').click();
    assertEqual(await page.locator('fieldset.item').count(), 2, 'items in the form after removing one');

    await page.getByTestId('submit-declaration').click();
    await page.waitForURL(/\/trader\/declarations\/\d+$/);
    const header = page.getByTestId('declaration-header');
    await header.waitFor();
    const id = await header.getAttribute('data-id');

    // What the API says about it, to check what the page shows.
    const stored = await api.ok('GET', `/v1/declarations/${id}`, { user: 'silkroad' });
    assertEqual(stored.lrn, lrn, 'LRN of the lodged declaration');
    assertEqual(stored.item_count, 2, 'items stored');
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
        assert((await page.getByTestId('history').innerText()).includes('Released'), 'history shows the release');
      }
      await shot(page, '-paid', { docs: 'trader-declaration-paid' });
    }
  },
};
