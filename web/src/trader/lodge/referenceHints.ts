// Input hints only (datalists): the API has no reference-data endpoint yet (see API-GAPS.md), so
// a few common codes of data/ref are listed here. The server's validation stays the authority:
// any other valid code is accepted, and an unknown one comes back as a field error.
export const OFFICES = [
  'UZ260101',
  'UZ260102',
  'UZ270101',
  'UZ270103',
  'UZ030101',
  'UZ180101',
  'UZ220101',
  'UZ060101',
  'UZ120101',
] as const;
export const CURRENCIES = ['USD', 'EUR', 'RUB', 'CNY', 'KZT', 'UZS'] as const;
export const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP'] as const;
/** UN/ECE Recommendation 19 transport modes at the border. */
export const BORDER_MODES = ['1', '2', '3', '4', '5', '7', '8'] as const;
