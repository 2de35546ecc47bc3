// The lodgement form's state, and its translation to and from the API's declaration document.
// Every input is named by the RFC 6901 pointer of the element it fills, so that the API's field
// errors (which carry such pointers) land at the input that caused them.
import type { Declaration, DeclarationType, FieldError, GoodsItem, Party } from '../../api/types';
import { todayIso } from '../../format';

export interface ItemForm {
  /** React key; not sent. */
  key: string;
  description: string;
  hs: string;
  origin: string;
  netMass: string;
  grossMass: string;
  price: string;
  suppQuantity: string;
  suppUnit: string;
  /** The first package (count and UN/ECE Rec 21 kind); further stored packages are kept. */
  packageCount: string;
  packageKind: string;
  /** When amending: the index of the stored item this one edits (its other members are kept). */
  baseIndex?: number;
}

export interface DeclarationForm {
  lrn: string;
  type: Extract<DeclarationType, 'IM' | 'EX'>;
  procedure: string;
  office: string;
  issueDate: string;
  declarantTin: string;
  declarantName: string;
  declarantCity: string;
  declarantCountry: string;
  /** The seller of an import, the buyer of an export. */
  partnerTin: string;
  partnerName: string;
  partnerCountry: string;
  borderMode: string;
  meansId: string;
  invoiceNumber: string;
  invoiceDate: string;
  currency: string;
  invoiceTotal: string;
  incoterm: string;
  exchangeRate: string;
  items: ItemForm[];
  /** When amending: the stored document, whose members the form does not show are kept. */
  base?: Declaration;
}

let keySeq = 0;
export const newItem = (): ItemForm => ({
  key: `item-${++keySeq}`,
  description: '',
  hs: '',
  origin: '',
  netMass: '',
  grossMass: '',
  price: '',
  suppQuantity: '',
  suppUnit: '',
  packageCount: '',
  packageKind: '',
});

function newLrn(): string {
  const d = todayIso().replace(/-/g, '');
  const r = Math.floor(Math.random() * 36 ** 4).toString(36).toUpperCase().padStart(4, '0');
  return `WEB-${d}-${r}`;
}

export function emptyForm(orgTin: string): DeclarationForm {
  return {
    lrn: newLrn(),
    type: 'IM',
    procedure: '4000',
    office: 'UZ260101',
    issueDate: todayIso(),
    declarantTin: orgTin,
    declarantName: '',
    declarantCity: '',
    declarantCountry: 'UZ',
    partnerTin: '',
    partnerName: '',
    partnerCountry: '',
    borderMode: '3',
    meansId: '',
    invoiceNumber: '',
    invoiceDate: todayIso(),
    currency: 'USD',
    invoiceTotal: '',
    incoterm: 'FCA',
    exchangeRate: '',
    items: [newItem()],
  };
}

/** The partner party's role: who sold an import, who bought an export. */
const partnerRole = (type: DeclarationForm['type']) => (type === 'IM' ? 'seller' : 'buyer');
/** The role the declarant also plays: the importer of an import, the exporter of an export. */
const ownRole = (type: DeclarationForm['type']) => (type === 'IM' ? 'importer' : 'exporter');

export function fromDeclaration(d: Declaration): DeclarationForm {
  const type = d.type === 'EX' ? 'EX' : 'IM';
  const partner = d.parties[partnerRole(type)];
  const rate = d.exchange_rates?.find((r) => r.currency === d.invoice.currency);
  return {
    lrn: d.lrn,
    type,
    procedure: d.procedure,
    office: d.office,
    issueDate: d.issue_date,
    declarantTin: d.parties.declarant.tin,
    declarantName: d.parties.declarant.name,
    declarantCity: d.parties.declarant.address.city ?? '',
    declarantCountry: d.parties.declarant.address.country,
    partnerTin: partner?.tin ?? '',
    partnerName: partner?.name ?? '',
    partnerCountry: partner?.address.country ?? '',
    borderMode: d.transport.border_mode,
    meansId: d.transport.means_id ?? '',
    invoiceNumber: d.invoice.number,
    invoiceDate: d.invoice.date,
    currency: d.invoice.currency,
    invoiceTotal: d.invoice.total,
    incoterm: d.invoice.incoterm,
    exchangeRate: rate?.rate ?? '',
    items: d.items.map((it, i) => ({
      ...newItem(),
      baseIndex: i,
      description: it.description,
      hs: it.commodity.hs,
      origin: it.origin,
      netMass: it.net_mass,
      grossMass: it.gross_mass,
      price: it.price,
      suppQuantity: it.supplementary?.quantity ?? '',
      suppUnit: it.supplementary?.unit ?? '',
      packageCount: it.packages?.[0] ? String(it.packages[0].count) : '',
      packageKind: it.packages?.[0]?.kind ?? '',
    })),
    base: d,
  };
}

const trim = (s: string) => s.trim();
/** Empty optional inputs are left out, so that the API reports `required` where it matters. */
const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** Sum of the item prices, as a decimal string (for the invoice total hint). */
export function itemPriceSum(items: ItemForm[]): string {
  // Work in millionths: the API allows 6 fractional digits and sums must not drift.
  let total = 0n;
  for (const it of items) {
    const m = /^(\d{1,24})(?:\.(\d{1,6}))?$/.exec(it.price.trim());
    if (!m) continue;
    total += BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
  }
  const int = total / 1_000_000n;
  const frac = (total % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}

function ownPartyKept(base: Declaration | undefined, type: DeclarationForm['type'], declarant: Party): Party | undefined {
  const stored = base?.parties[ownRole(type)];
  return stored && stored.tin !== declarant.tin ? stored : undefined;
}

export function toDeclaration(f: DeclarationForm): Declaration {
  const base = f.base;
  const declarant: Party = {
    tin: trim(f.declarantTin),
    name: trim(f.declarantName),
    address: { ...base?.parties.declarant.address, city: opt(f.declarantCity), country: trim(f.declarantCountry).toUpperCase() },
  };
  const partnerKey = partnerRole(f.type);
  const basePartner = base?.parties[partnerKey];
  const partner: Party | undefined =
    f.partnerTin.trim() || f.partnerName.trim() || f.partnerCountry.trim()
      ? {
          tin: trim(f.partnerTin).toUpperCase(),
          name: trim(f.partnerName),
          address: { ...basePartner?.address, country: trim(f.partnerCountry).toUpperCase() },
        }
      : undefined;

  const items: GoodsItem[] = f.items.map((it, i) => {
    const baseItem = it.baseIndex === undefined ? undefined : base?.items[it.baseIndex];
    const supp = opt(it.suppQuantity) || opt(it.suppUnit) ? { quantity: trim(it.suppQuantity), unit: trim(it.suppUnit).toUpperCase() } : undefined;
    // The first package from the inputs (a count that is no whole number is sent as typed, for the
    // API to report at its pointer); the stored ones after it are kept.
    const count = trim(it.packageCount);
    const first =
      count || opt(it.packageKind)
        ? { ...baseItem?.packages?.[0], count: (/^\d{1,8}$/.test(count) ? Number(count) : count) as number, kind: trim(it.packageKind).toUpperCase() }
        : undefined;
    const packages = [...(first ? [first] : []), ...(baseItem?.packages?.slice(1) ?? [])];
    return {
      ...baseItem,
      seq: i + 1,
      description: trim(it.description),
      commodity: { ...baseItem?.commodity, hs: trim(it.hs).replace(/[.\s]/g, '') },
      origin: trim(it.origin).toUpperCase(),
      net_mass: trim(it.netMass),
      gross_mass: trim(it.grossMass),
      price: trim(it.price),
      valuation_method: baseItem?.valuation_method ?? '1',
      supplementary: supp,
      packages: packages.length ? packages : undefined,
    };
  });

  const currency = trim(f.currency).toUpperCase();
  const otherRates = (base?.exchange_rates ?? []).filter((r) => r.currency !== currency);
  const rates = opt(f.exchangeRate) ? [{ currency, rate: trim(f.exchangeRate) }, ...otherRates] : otherRates;

  const doc: Declaration = {
    ...base,
    lrn: trim(f.lrn),
    type: f.type,
    procedure: trim(f.procedure),
    office: trim(f.office).toUpperCase(),
    issue_date: f.issueDate,
    parties: {
      ...base?.parties,
      declarant,
      // The declarant is also the importer (exporter) unless the stored document names another.
      [ownRole(f.type)]: ownPartyKept(base, f.type, declarant) ?? { ...declarant },
      [partnerKey]: partner,
    },
    transport: { ...base?.transport, border_mode: trim(f.borderMode), means_id: opt(f.meansId) },
    invoice: {
      ...base?.invoice,
      number: trim(f.invoiceNumber),
      date: f.invoiceDate,
      currency,
      total: opt(f.invoiceTotal) ?? itemPriceSum(f.items),
      incoterm: trim(f.incoterm).toUpperCase(),
    },
    exchange_rates: rates.length ? rates : undefined,
    items,
  };
  return JSON.parse(JSON.stringify(doc)) as Declaration; // drops the undefined members
}

// ---- Field errors ----

/** The pointers of the inputs the form shows, in display order. */
export function fieldPointers(f: DeclarationForm): string[] {
  const p = [
    '/lrn',
    '/type',
    '/procedure',
    '/office',
    '/issue_date',
    '/parties/declarant/tin',
    '/parties/declarant/name',
    '/parties/declarant/address/city',
    '/parties/declarant/address/country',
    `/parties/${partnerRole(f.type)}/tin`,
    `/parties/${partnerRole(f.type)}/name`,
    `/parties/${partnerRole(f.type)}/address/country`,
    '/transport/border_mode',
    '/transport/means_id',
    '/invoice/number',
    '/invoice/date',
    '/invoice/currency',
    '/invoice/total',
    '/invoice/incoterm',
    '/exchange_rates/0/rate',
  ];
  f.items.forEach((_, i) => {
    for (const m of [
      'description',
      'commodity/hs',
      'origin',
      'net_mass',
      'gross_mass',
      'price',
      'supplementary/quantity',
      'supplementary/unit',
      'packages/0/count',
      'packages/0/kind',
    ])
      p.push(`/items/${i}/${m}`);
  });
  return p;
}

/** Where an error reported at `pointer` is shown: inputs that fill several elements (the
 *  declarant is also the importer) and whole objects map to the input that fills them. */
export function inputPointerFor(pointer: string, f: DeclarationForm): string {
  const own = ownRole(f.type);
  let p = pointer.replace(new RegExp(`^/parties/${own}(?=/|$)`), '/parties/declarant');
  p = p.replace(/^\/exchange_rates(\/\d+(\/\w+)?)?$/, '/exchange_rates/0/rate');
  p = p.replace(/^(\/items\/\d+\/supplementary)$/, '$1/quantity');
  p = p.replace(/^(\/items\/\d+\/commodity)$/, '$1/hs');
  p = p.replace(/^(\/items\/\d+\/packages)(\/0)?$/, '$1/0/count');
  if (p === '/parties/declarant') p = '/parties/declarant/name';
  if (p === '/parties/declarant/address') p = '/parties/declarant/address/country';
  return p;
}

export type FieldErrorMap = Map<string, FieldError[]>;

/** Splits the API's errors into those shown at an input and those that are not about one. */
export function placeErrors(errors: FieldError[], f: DeclarationForm): { byField: FieldErrorMap; general: FieldError[] } {
  const known = new Set(fieldPointers(f));
  const byField: FieldErrorMap = new Map();
  const general: FieldError[] = [];
  for (const e of errors) {
    const p = inputPointerFor(e.pointer, f);
    if (known.has(p)) byField.set(p, [...(byField.get(p) ?? []), e]);
    else general.push(e);
  }
  return { byField, general };
}

/** The DOM id of the input for a pointer ("/items/0/commodity/hs" -> "f-items-0-commodity-hs"). */
export const inputId = (pointer: string) => 'f' + pointer.replace(/\//g, '-');
