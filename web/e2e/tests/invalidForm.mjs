// An invalid declaration: the API's field errors (JSON pointers) appear at the offending inputs.
import { assert, assertEqual, PHONE } from '../lib/harness.mjs';
import { field, fieldErrorAt, fillDeclarationForm, signIn } from '../lib/ui.mjs';
import { uniqueLrn } from './fixtures.mjs';

export const invalidForm = {
  name: 'invalid-form-shows-field-errors',
  viewport: PHONE,
  fullPage: false,
  async run({ newPage, shot, api }) {
    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.goto('/trader/new');
    const lrn = uniqueLrn('E2E-BAD');
    await fillDeclarationForm(page, {
      lrn,
      invoiceNumber: 'INV-BAD-1',
      // 999999 is no HS subheading, and the net mass exceeds the gross mass.
      items: [{ description: 'Mystery goods', hs: '999999', origin: 'CN', net: '20', gross: '12', price: '100' }],
    });
    await page.getByTestId('submit-declaration').click();

    const hsError = fieldErrorAt(page, '/items/0/commodity/hs');
    await hsError.waitFor();
    assertEqual((await hsError.innerText()).trim(), 'Not an HS 2022 subheading.', 'error next to the HS code');
    assertEqual(await field(page, '/items/0/commodity/hs').getAttribute('aria-invalid'), 'true', 'HS input marked invalid');
    const massError = fieldErrorAt(page, '/items/0/net_mass');
    assertEqual((await massError.innerText()).trim(), 'The net mass exceeds the gross mass.', 'error next to the net mass');
    const summary = await page.getByTestId('form-error-summary').innerText();
    assert(summary.includes('Problems found: 2'), `error summary: ${summary}`);
    assert(page.url().endsWith('/trader/new'), 'stays on the form');

    // Nothing was stored.
    const list = await api.ok('GET', `/v1/declarations?lrn=${lrn}`, { user: 'silkroad' });
    assertEqual(list.items.length, 0, 'declarations stored with the invalid LRN');

    await field(page, '/items/0/commodity/hs').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -160));
    await shot(page, '', { docs: 'lodge-field-errors-phone' });
  },
};
