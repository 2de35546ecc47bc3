// A trader amends a lodged declaration with the pre-filled form: the API stores version 2 with
// the changed element, and the page shows the new version and the amendment in the history.
import { assert, assertEqual } from '../lib/harness.mjs';
import { field, signIn } from '../lib/ui.mjs';
import { importDeclaration, uniqueLrn } from './fixtures.mjs';

const AMENDABLE = ['registered', 'assessed'];

export const traderAmends = {
  name: 'trader-amends-declaration',
  async run({ newPage, shot, api }) {
    // Random selection may send a declaration to an examination (not amendable): take another.
    let lodged;
    for (let i = 0; i < 3 && !lodged; i++) {
      const d = await api.ok('POST', '/v1/declarations', { user: 'silkroad', body: importDeclaration(uniqueLrn('E2E-AMEND'), 'Tashkent Furniture Supply') });
      if (AMENDABLE.includes(d.state)) lodged = d;
    }
    assert(lodged, 'an amendable declaration was lodged');

    const page = await newPage();
    await signIn(page, 'silkroad');
    await page.goto(`/trader/declarations/${lodged.id}`);
    await page.getByRole('link', { name: 'Request an amendment' }).click();
    await page.waitForURL(`**/trader/declarations/${lodged.id}/amend`);
    const gross = field(page, '/items/0/gross_mass');
    assertEqual(await gross.inputValue(), '900', 'gross mass pre-filled from the stored declaration');
    assertEqual(await field(page, '/lrn').getAttribute('readonly'), '', 'the LRN cannot change in an amendment');
    await gross.fill('950');
    await page.locator('#reason-code').selectOption('COR');
    await page.locator('#reason').fill('re-weighed at the terminal');
    await page.getByTestId('submit-declaration').click();
    await page.waitForURL(`**/trader/declarations/${lodged.id}`);

    const versions = await api.ok('GET', `/v1/declarations/${lodged.id}/versions`, { user: 'silkroad' });
    assertEqual(versions.versions.length, 2, 'versions stored');
    assertEqual(JSON.stringify(versions.versions[1].changed), JSON.stringify(['/items/0/gross_mass']), 'elements the amendment changed');
    const history = page.getByTestId('history');
    await history.getByText('Amended').waitFor();
    const facts = await page.getByTestId('declaration-header').innerText();
    assert(/Version\s*2/.test(facts), `the header shows version 2: ${facts}`);
    await shot(page);
  },
};
