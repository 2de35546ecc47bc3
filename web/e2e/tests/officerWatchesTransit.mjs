// A transit under watch, end to end: a trader's transit declaration (guarantee reserved, fee
// paid) is bound by the inspector to the demo route "border-tashkent" with the driver's phone,
// which reports over OsmAnd as the Traccar Client does: on the corridor, 3 km off it, back on.
// The inspector, in Russian, sees the truck on the live map (red while the corridor exit is not
// resolved) and the alert worded in Russian, acknowledges and resolves it with a note, opens the
// journey (track drawn, alerts on the timeline) and closes it at destination (discharged); the
// journey page is also checked on a phone-sized screen; the declaration's history then tells the
// journey (started, the alert and its handling, closed) beside the lifecycle, in Russian.
import { assert, assertEqual, eventually, PHONE } from '../lib/harness.mjs';
import { signIn } from '../lib/ui.mjs';
import { importDeclaration, uniqueLrn } from './fixtures.mjs';

const TRADER = 'silkroad';
const TRADER_TIN = '301234567';
const PHONE_ID = 'PHONE-E2E1';
const ROUTE = 'border-tashkent';

/** A transit declaration of the trader, its duties secured by a guarantee and its fee paid:
 *  ready for release at departure. */
async function readyTransit(api) {
  const d = importDeclaration(uniqueLrn('E2E-TR'), 'Shenzhen Bright Computing Co., Ltd.');
  d.type = 'TR';
  d.procedure = '8000';
  d.locations = { destination_office: 'UZ260101' };
  const lodged = await api.ok('POST', '/v1/declarations', { user: TRADER, body: d });
  assert(lodged.mrn, `the transit declaration is registered: ${JSON.stringify(lodged)}`);

  // One of the trader's guarantees (the demo registers one per trader) with room enough; else one
  // registered now by the supervisor.
  const guarantees = (await api.ok('GET', '/v1/guarantees', { user: TRADER })).items ?? [];
  const usable = guarantees
    .filter((g) => g.org_tin === TRADER_TIN || !g.org_tin)
    .sort((a, b) => Number(b.available ?? 0) - Number(a.available ?? 0));
  let reference = usable[0]?.reference;
  if (!reference || Number(usable[0].available ?? 0) < 1e9) {
    const g = await api.ok('POST', '/v1/guarantees', { user: 'supervisor', body: { org_tin: TRADER_TIN, amount: '99999999999.00' } });
    reference = g.reference;
  }
  const debt = await api.ok('POST', `/v1/declarations/${encodeURIComponent(lodged.mrn)}/guarantee`, { user: TRADER, body: { guarantee: reference } });
  for (const o of debt.orders ?? []) {
    if (o.status === 'open') await api.ok('POST', `/v1/payment-orders/${encodeURIComponent(o.reference)}/demo-bank`, { user: TRADER });
  }
  return lodged;
}

export const officerWatchesTransit = {
  name: 'officer-watches-transit',
  async run({ newPage, shot, api }) {
    // ---- Set-up through the API, as the trader, the inspector and the phone would do it.
    const device = await api.call('POST', '/v1/devices', { user: 'inspector', body: { kind: 'phone', id: PHONE_ID, owner_tin: TRADER_TIN } });
    assert(device.status === 201 || device.status === 409, `the phone is registered: ${device.status} ${JSON.stringify(device.body)}`);
    const lodged = await readyTransit(api);
    const journey = await api.ok('POST', `/v1/declarations/${encodeURIComponent(lodged.mrn)}/journey`, {
      user: 'inspector',
      body: { route: ROUTE, trackers: [PHONE_ID] },
    });
    assertEqual(journey.state, 'active', 'state of the journey just bound');

    // The corridor runs [69.17, 41.35] → [69.25, 41.31] → [69.33, 41.26], 2 km wide. Fixes two
    // minutes apart (well under the 250 km/h the server believes), from a minute ago.
    const t0 = Math.floor(Date.now() / 1000) - 60;
    const fixes = [
      { lat: 41.33, lon: 69.21 }, // on the corridor
      { lat: 41.34, lon: 69.25 }, // 3.3 km north of it: corridor_exit
      { lat: 41.2975, lon: 69.27 }, // back on it: corridor_return
      { lat: 41.27875, lon: 69.3 }, // further on, short of the destination
    ];
    for (const [i, f] of fixes.entries()) {
      const r = await api.call('GET', `/v1/osmand?id=${PHONE_ID}&lat=${f.lat}&lon=${f.lon}&timestamp=${t0 + i * 120}&speed=40&batt=90`);
      assertEqual(r.status, 200, `OsmAnd fix ${i} accepted (${JSON.stringify(r.body)})`);
    }
    const alerts = await eventually(async () => {
      const a = await api.ok('GET', `/v1/journeys/${journey.id}/alerts`, { user: 'inspector' });
      const kinds = a.items.map((x) => x.kind);
      return kinds.includes('corridor_exit') && kinds.includes('corridor_return') ? a.items : null;
    }, 'the corridor exit and return alerts of the journey');
    const exit = alerts.find((a) => a.kind === 'corridor_exit');
    assert(exit.blocks_discharge, 'a corridor exit blocks discharge');

    // ---- The inspector's live map, in Russian.
    const page = await newPage();
    await signIn(page, 'inspector');
    await page.getByTestId('language-switcher').selectOption('ru');
    await page.locator('nav.mainnav').getByRole('link', { name: 'Транзит' }).click();
    await page.waitForURL('**/officer/transit');
    // The page's code loads on first use: wait for its heading.
    await page.locator('h1', { hasText: 'Транзит' }).waitFor();

    // The truck on the map (a Leaflet circle marker: an SVG path), red while the exit is open; the
    // corridors drawn; the position listed.
    const map = page.getByTestId('transit-map');
    const marker = map.locator(`path.oc-journey-${journey.id}`);
    await map.locator(`path.oc-journey-${journey.id}.oc-position-alert`).waitFor();
    assert((await map.locator('path.oc-corridor-line').count()) >= 2, 'the demo routes are drawn');
    const position = page.getByTestId(`position-${PHONE_ID}`);
    await position.waitFor();
    await eventually(async () => (await position.innerText()).includes(lodged.mrn), `the position row to name the MRN ${lodged.mrn}`);

    // The alert, worded in Russian, with the MRN; the journey listed.
    const alertsPanel = page.getByTestId('transit-alerts');
    const item = alertsPanel.getByTestId(`alert-${exit.id}`);
    await item.waitFor();
    await eventually(async () => (await item.innerText()).includes(lodged.mrn), `the alert to name the MRN ${lodged.mrn}`);
    const itemText = await item.innerText();
    assert(itemText.includes('Выход из коридора'), `the corridor exit in Russian: ${itemText}`);
    assert(itemText.includes('вне коридора'), `the alert's detail in Russian: ${itemText}`);
    assert(itemText.includes(lodged.mrn) && itemText.includes(PHONE_ID), `the alert names the MRN and the phone: ${itemText}`);
    assertEqual(await item.getAttribute('data-state'), 'open', 'state of the new alert');
    assertEqual((await item.getByTestId('alert-state').innerText()).trim(), 'Новая', 'Russian state of the new alert');
    const row = page.getByTestId(`journey-row-${journey.id}`);
    await row.waitFor();
    assert((await row.innerText()).includes('В пути'), `the journey is listed in transit: ${await row.innerText()}`);

    // The marker's popup: the MRN and a link to the journey.
    await marker.click();
    const popup = page.locator('.leaflet-popup-content [data-testid=position-popup]');
    await popup.waitFor();
    assert((await popup.innerText()).includes(PHONE_ID), `the popup names the phone: ${await popup.innerText()}`);
    await shot(page, '-map');

    // Acknowledge, then resolve with a note (Resolve needs one).
    await item.getByTestId('alert-acknowledge').click();
    await page.locator(`[data-testid=transit-alerts] [data-testid=alert-${exit.id}][data-state=acknowledged]`).waitFor();
    assertEqual((await item.getByTestId('alert-state').innerText()).trim(), 'Принята', 'Russian state once acknowledged');
    assertEqual((await api.ok('GET', `/v1/journeys/${journey.id}/alerts`, { user: 'inspector' })).items.find((a) => a.id === exit.id).state, 'acknowledged', 'the API has the alert acknowledged');
    assert(await item.getByTestId('alert-resolve').isDisabled(), 'Resolve waits for a note');
    const note = 'Объезд ремонта дороги, водитель позвонил; пломбы целы';
    await item.getByTestId('alert-note-input').fill(note);
    await item.getByTestId('alert-resolve').click();
    await page.locator(`[data-testid=transit-alerts] [data-testid=alert-${exit.id}][data-state=resolved]`).waitFor();
    assertEqual((await item.getByTestId('alert-state').innerText()).trim(), 'Закрыта', 'Russian state once resolved');
    const resolved = (await api.ok('GET', `/v1/journeys/${journey.id}/alerts`, { user: 'inspector' })).items.find((a) => a.id === exit.id);
    assertEqual(resolved.state, 'resolved', 'the API has the alert resolved');
    assertEqual(resolved.note, note, 'the note kept with the alert');
    assertEqual(resolved.resolved_by.includes('inspector'), true, `resolved by the inspector (${resolved.resolved_by})`);
    // Nothing blocks the journey any more: its truck turns green.
    await map.locator(`path.oc-journey-${journey.id}.oc-position-ok`).waitFor();

    // ---- The journey page: facts, the track, the alerts and their handling on the timeline.
    await row.getByRole('link').first().click();
    await page.waitForURL(`**/officer/journeys/${journey.id}`);
    const facts = page.getByTestId('journey-facts');
    await facts.waitFor();
    const factsText = await facts.innerText();
    assert(factsText.includes(lodged.mrn) && factsText.includes(PHONE_ID), `the journey's MRN and phone: ${factsText}`);
    const track = page.getByTestId('journey-map').locator('path.oc-track');
    await track.first().waitFor();
    await eventually(async () => (await page.getByTestId('journey-fixes').getAttribute('data-fixes')) === String(fixes.length), `the ${fixes.length} fixes read`);
    const d = await track.first().getAttribute('d');
    assert(d && (d.match(/L/g) ?? []).length >= 2, `the track is a polyline through the fixes: ${d}`);
    assert((await page.getByTestId('journey-map').locator('path.oc-alert-point').count()) >= 2, 'the alerts are marked on the map');
    const timeline = page.getByTestId('journey-timeline');
    const timelineText = await timeline.innerText();
    for (const words of ['Выход из коридора', 'Возврат в коридор', 'Перевозка начата', note])
      assert(timelineText.includes(words), `the timeline shows "${words}": ${timelineText}`);
    assertEqual(await timeline.getByTestId(`alert-${exit.id}`).getAttribute('data-state'), 'resolved', 'the exit on the timeline is resolved');
    assert((await timeline.getByTestId(`alert-${exit.id}`).getByTestId('alert-resolved-by').innerText()).includes('inspector'), 'who resolved it');
    await shot(page, '-journey');

    // ---- Phone-sized screen: the journey page fits, the map too.
    await page.setViewportSize(PHONE);
    await page.getByTestId('journey-map').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the journey page is wider than the phone screen by ${overflow}px`);
    const box = await page.getByTestId('journey-map').boundingBox();
    assert(box && box.width <= PHONE.width && box.height >= 200, `the map fits the phone: ${JSON.stringify(box)}`);
    await shot(page, '-journey-phone');

    // ---- Closed at destination: no seals fitted, nothing unresolved that blocks: discharged.
    await page.locator('#close-note').fill('Груз на месте, водитель и документы проверены');
    await page.getByTestId('close-journey').click();
    const outcome = page.getByTestId('close-outcome');
    await outcome.waitFor();
    assertEqual(await outcome.getAttribute('data-discharged'), 'true', `discharged (${await outcome.innerText()})`);
    assert((await outcome.innerText()).includes('Транзит завершён'), `the outcome in Russian: ${await outcome.innerText()}`);
    await page.locator('[data-testid=journey-page][data-state=discharged]').waitFor();
    assertEqual((await api.ok('GET', `/v1/journeys/${journey.id}`, { user: 'inspector' })).state, 'discharged', 'the API has the journey discharged');

    // ---- The declaration's history tells the journey beside the lifecycle, in Russian.
    await page.goto(`/officer/declarations/${journey.declaration}`);
    const history = page.getByTestId('history');
    await history.locator('[data-testid=journey-event][data-type=transit_closed]').waitFor();
    const historyText = await history.innerText();
    for (const words of ['Начата транзитная перевозка', 'Тревога в пути: Выход из коридора', 'вне коридора',
      'Тревога разрешена', note, 'Транзит закрыт: Завершена', 'транзит завершён в таможне назначения'])
      assert(historyText.includes(words), `the history shows "${words}": ${historyText}`);
  },
};
