// Steps shared by the scenarios, done the way a user does them.
export async function signIn(page, username, password = 'demo-password') {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export const field = (page, pointer) => page.locator(`[data-pointer="${pointer}"]`).first();

/** The error list shown in the same .field as the input for `pointer`. */
export const fieldErrorAt = (page, pointer) =>
  page.locator('.field', { has: page.locator(`input[data-pointer="${pointer}"], select[data-pointer="${pointer}"]`) }).locator('[data-testid=field-error]');

/** Fills the lodgement form: an import by Silk Road Trading (signed in as silkroad) from a
 *  Shenzhen seller in US dollars, unless `d` names other parties; `d.items` are added as needed. */
export async function fillDeclarationForm(page, d) {
  await field(page, '/lrn').fill(d.lrn);
  await field(page, '/parties/declarant/name').fill(d.declarantName ?? 'Silk Road Trading LLC');
  await field(page, '/parties/declarant/address/city').fill('Tashkent');
  await field(page, '/parties/seller/tin').fill(d.sellerTin ?? 'CN914403001234567');
  await field(page, '/parties/seller/name').fill(d.sellerName ?? 'Shenzhen Bright Computing Co., Ltd.');
  await field(page, '/parties/seller/address/country').fill('CN');
  await field(page, '/invoice/number').fill(d.invoiceNumber);
  await field(page, '/invoice/currency').fill('USD');
  await field(page, '/exchange_rates/0/rate').fill('12650.25');
  for (let i = 0; i < d.items.length; i++) {
    if (i > 0) await page.getByTestId('add-item').click();
    const it = d.items[i];
    await field(page, `/items/${i}/description`).fill(it.description);
    await field(page, `/items/${i}/commodity/hs`).fill(it.hs);
    await field(page, `/items/${i}/origin`).fill(it.origin);
    await field(page, `/items/${i}/net_mass`).fill(it.net);
    await field(page, `/items/${i}/gross_mass`).fill(it.gross);
    await field(page, `/items/${i}/price`).fill(it.price);
  }
}
