// Data the scenarios share. The red-lane criterion matches only the seller name used here, so
// that the officer scenario's declaration is examined for certain and no other is affected.
export const RED_SELLER = 'E2E Red Lane Works';
/** The risk engine knows a seller by its TIN when it has one. */
export const RED_SELLER_TIN = 'CNE2ERED000000001';

export const RED_CRITERION = {
  name: 'E2E: examine goods of a seller under investigation',
  expression: `exporter = "${RED_SELLER_TIN}"`,
  lane: 'red',
  selection_percent: 100,
  priority: 900,
  description: 'Examine the goods against the packing list (e2e scenario).',
};

const today = () => new Date().toISOString().slice(0, 10);

/** A declaration the API accepts (the shape of docs/openapi.yaml's ImportLodgement example). */
export function importDeclaration(lrn, sellerName, sellerTin = 'CN914403009876543') {
  return {
    lrn,
    type: 'IM',
    procedure: '4000',
    office: 'UZ260101',
    issue_date: today(),
    parties: {
      declarant: { tin: '301234567', name: 'Silk Road Trading LLC', address: { city: 'Tashkent', country: 'UZ' } },
      importer: { tin: '301234567', name: 'Silk Road Trading LLC', address: { city: 'Tashkent', country: 'UZ' } },
      seller: { tin: sellerTin, name: sellerName, address: { country: 'CN' } },
    },
    transport: { border_mode: '3' },
    invoice: { number: `INV-${lrn}`, date: today(), currency: 'USD', total: '12000', incoterm: 'FCA' },
    exchange_rates: [{ currency: 'USD', rate: '12650.25' }],
    items: [
      {
        seq: 1,
        description: 'Wooden office desks',
        commodity: { hs: '940330' },
        origin: 'CN',
        net_mass: '800',
        gross_mass: '900',
        price: '12000',
        valuation_method: '1',
      },
    ],
  };
}

/** Earlier declarations of the officer scenario's goods (HS 940330 from CN) by another trader at
 *  ordinary prices: enough (10 or more) for the valuation control's reference of those goods. The
 *  scenarios' own price (12,000 for 800 kg) is then somewhat below the median, far from the
 *  valuation control's threshold (half the median). */
export function referenceDeclarations(count = 12) {
  return Array.from({ length: count }, (_, i) => {
    const d = importDeclaration(uniqueLrn(`E2E-REF-${i}`), 'Foshan Office Furniture Co., Ltd.', 'CN914406001111111');
    const fergana = { tin: '302345678', name: 'Fergana Textile Import JSC', address: { city: 'Fergana', country: 'UZ' } };
    d.parties.declarant = fergana;
    d.parties.importer = fergana;
    const price = String(11_000 + i * 600);
    d.items[0].price = price;
    d.invoice.total = price;
    return d;
  });
}

/** Lane names as the English catalogue shows them. */
export const LANE_EN = { green: 'Green', blue: 'Blue', yellow: 'Yellow', red: 'Red' };

/** en-GB grouping of a decimal string, as the app's formatMoney does. */
export function formatEn(amount, currency) {
  const [i, f = ''] = amount.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f.padEnd(2, '0')} ${currency}`;
}

export function uniqueLrn(prefix) {
  return `${prefix}-${Date.now().toString(36).toUpperCase()}`;
}
