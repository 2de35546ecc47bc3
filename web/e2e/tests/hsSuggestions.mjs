// The lodgement form's help: HS codes suggested as the trader types a goods description (the
// server's classifier), and the exchange rate asked for only when the invoice is in a foreign
// currency (the national currency from GET /v1/config).
import { assert, assertEqual, eventually } from '../lib/harness.mjs';
import { field, signIn } from '../lib/ui.mjs';

const DESCRIPTION = 'mens leather ankle boots';

export const hsSuggestions = {
  name: 'trader-hs-suggestions-and-currency',
  async run({ newPage, shot, api }) {
    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.goto('/trader/new');
    await field(page, '/items/0/description').pressSequentially(DESCRIPTION, { delay: 25 });

    const expected = await api.ok('POST', '/v1/hs/suggest', { user: 'silkroad', body: { text: DESCRIPTION, k: 5 } });
    assert(expected.suggestions.length > 0, `the classifier suggests codes for "${DESCRIPTION}"`);
    const list = page.getByTestId('hs-suggestions');
    const codes = list.getByTestId('hs-suggestion-code');
    const shown = await eventually(async () => {
      const c = await codes.allInnerTexts();
      return c.join() === expected.suggestions.map((s) => s.code).join() ? c : null;
    }, `the suggestions ${expected.suggestions.map((s) => s.code).join(', ')}`);
    const descriptions = await list.getByTestId('hs-suggestion-description').allInnerTexts();
    shown.forEach((code, i) => {
      assert(/^\d{6}$/.test(code), `a 6-digit HS code: ${code}`);
      const want = expected.suggestions[i].path.at(-1).description;
      assertEqual(descriptions[i], want, `description of ${code}`);
    });
    await shot(page);

    await list.getByTestId('hs-suggestion').first().click();
    assertEqual(await field(page, '/items/0/commodity/hs').inputValue(), shown[0], 'the HS field after choosing the first suggestion');

    // No exchange rate for an invoice in the national currency.
    const { currency } = await api.ok('GET', '/v1/config');
    const rate = field(page, '/exchange_rates/0/rate');
    await rate.waitFor();
    await field(page, '/invoice/currency').fill(currency);
    await page.getByTestId('no-exchange-rate').waitFor();
    assertEqual(await rate.count(), 0, `exchange rate inputs for an invoice in ${currency}`);
    await field(page, '/invoice/currency').fill('EUR');
    await rate.waitFor();
    await page.locator('label', { hasText: `Exchange rate EUR → ${currency}` }).waitFor();
    // Today's official rate fills the empty field; a rate the trader changes can be put back.
    const official = await api.ok('GET', '/v1/reference/exchange-rates?currency=EUR', { user: 'silkroad' });
    await eventually(async () => (await rate.inputValue()) === official.rate, `the official rate ${official.rate} in the field`);
    assertEqual(await page.getByTestId('official-rate').getAttribute('data-rate'), official.rate, 'the official rate named below the field');
    await rate.fill('1');
    await page.getByTestId('use-official-rate').click();
    assertEqual(await rate.inputValue(), official.rate, 'the rate after choosing the official one again');
  },
};
