// A trader uploads a CSV file in the import format: the server reads it (POST
// /v1/declarations/import), lodges the two good declarations and rejects the one whose second item
// has no valid HS code; the page lists each outcome, the error at its CSV line next to its LRN, and
// the two lodged declarations are in the trader's list.
import { assert, assertEqual } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';
import { uniqueLrn } from './fixtures.mjs';

const COLUMNS =
  'lrn,type,procedure,office,issue_date,declarant_tin,declarant_name,declarant_city,declarant_country,importer_tin,importer_name,importer_country,' +
  'exporter_name,exporter_country,border_mode,invoice_number,invoice_date,invoice_currency,invoice_total,incoterm,exchange_rate,' +
  'item_seq,description,hs,origin,net_mass,gross_mass,price,package_count,package_kind';

/** Two good declarations (lines 2–3 and 4) and one whose second item (line 6) has HS 999999. */
function importCsv(prefix) {
  const today = new Date().toISOString().slice(0, 10);
  const head = (lrn, invoice, total) =>
    `${lrn},IM,4000,UZ260101,${today},301234567,Silk Road Trading LLC,Tashkent,UZ,301234567,Silk Road Trading LLC,UZ,` +
    `"Shenzhen Bright Computing Co., Ltd.",CN,3,${invoice},${today},USD,${total},FCA,12650.25`;
  const lrns = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`];
  const rows = [
    `${head(lrns[0], 'CSV-INV-1', 1500)},1,Laptop computers 14 inch,847130,CN,100,110,1000,10,CT`,
    `${head(lrns[0], 'CSV-INV-1', 1500)},2,Computer mice,847160,CN,20,25,500,5,CT`,
    `${head(lrns[1], 'CSV-INV-2', 300)},1,Cotton shirts for men,620520,CN,30,33,300,3,CT`,
    `${head(lrns[2], 'CSV-INV-3', 700)},1,Green tea in packets,090210,CN,50,55,400,5,CT`,
    `${head(lrns[2], 'CSV-INV-3', 700)},2,Mystery goods,999999,CN,50,55,300,5,CT`,
  ];
  return { lrns, text: [COLUMNS, ...rows].join('\r\n') + '\r\n' };
}

export const traderImportsCsv = {
  name: 'trader-imports-csv',
  async run({ newPage, shot, api }) {
    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.goto('/trader/new');

    const prefix = uniqueLrn('E2E-CSV');
    const { lrns, text } = importCsv(prefix);
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/declarations/import') && r.request().method() === 'POST');
    await page.getByTestId('upload-input').setInputFiles({ name: 'declarations.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    const response = await answered;
    assertEqual(response.status(), 200, 'status of POST /v1/declarations/import');
    // The file goes to the server as it is (the browser no longer converts it to JSON).
    assertEqual(response.request().headers()['content-type'], 'text/csv', 'content type of the upload');

    const summary = page.getByTestId('upload-summary');
    await summary.waitFor();
    assertEqual(await summary.getAttribute('data-lodged'), '2', 'declarations lodged');
    assertEqual(await summary.getAttribute('data-rejected'), '1', 'declarations rejected');
    assert((await summary.innerText()).includes('lodged: 2'), `summary: ${await summary.innerText()}`);

    const outcomes = page.getByTestId('upload-outcome');
    assertEqual(await outcomes.count(), 3, 'outcomes listed');
    for (const [i, lrn] of lrns.entries()) {
      const row = page.locator(`[data-testid=upload-outcome][data-lrn="${lrn}"]`);
      assertEqual(await row.getAttribute('data-outcome'), i < 2 ? 'lodged' : 'rejected', `outcome of ${lrn}`);
    }
    // The error of the rejected declaration, at the CSV line of its second item, beside its LRN.
    const rejected = page.locator(`[data-testid=upload-outcome][data-lrn="${lrns[2]}"]`);
    const rejectedText = await rejected.innerText();
    assert(rejectedText.startsWith(lrns[2]) && rejectedText.includes('Rejected'), `rejected row: ${rejectedText}`);
    const error = rejected.getByTestId('upload-error');
    assertEqual(await error.count(), 1, 'errors of the rejected declaration');
    assertEqual(await error.getAttribute('data-line'), '6', 'CSV line of the error');
    assertEqual(await error.getAttribute('data-pointer'), '/items/1/commodity/hs', 'pointer of the error');
    const errorText = (await error.innerText()).trim();
    assert(errorText.startsWith('line 6') && errorText.includes('Not an HS 2022 subheading.'), `error as shown: ${errorText}`);
    await shot(page);

    // The two lodged declarations are in the trader's list; the rejected one is not stored.
    await page.locator('nav.mainnav').getByRole('link', { name: 'My declarations' }).click();
    await page.locator('#search').fill(prefix);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    for (const lrn of lrns.slice(0, 2)) await page.getByTestId(`declaration-row-${lrn}`).waitFor();
    await page.waitForFunction((p) => document.querySelectorAll(`[data-testid^="declaration-row-${p}"]`).length === 2, prefix);
    const stored = await api.ok('GET', `/v1/declarations?q=${encodeURIComponent(prefix)}`, { user: 'silkroad' });
    assertEqual(stored.items.map((d) => d.lrn).sort().join(' '), lrns.slice(0, 2).join(' '), 'declarations stored');
    const first = stored.items.find((d) => d.lrn === lrns[0]);
    assertEqual(first.item_count, 2, `items of ${lrns[0]}`);
  },
};
