// CSV upload, in the format of `opencustoms import` (docs/import-csv.md): one row per goods item,
// rows with the same `lrn` form one declaration. The mapping mirrors cli/cmd_import.cc so that a
// file means the same in the browser and on the command line; values stay strings so that the
// API reports wrong shapes by pointer. (A server-side CSV endpoint is listed in API-GAPS.md.)

type Json = Record<string, unknown>;

export const CSV_COLUMNS = [
  'lrn', 'type', 'procedure', 'office', 'issue_date', 'declarant_tin', 'declarant_name', 'declarant_street',
  'declarant_city', 'declarant_country', 'importer_tin', 'importer_name', 'importer_country', 'exporter_tin',
  'exporter_name', 'exporter_country', 'border_mode', 'means_id', 'means_nationality', 'containers', 'loading',
  'entry_office', 'destination_office', 'destination_country', 'invoice_number', 'invoice_date',
  'invoice_currency', 'invoice_total', 'incoterm', 'freight', 'freight_currency', 'insurance',
  'insurance_currency', 'exchange_rate', 'item_seq', 'description', 'hs', 'national', 'origin',
  'preferential_origin', 'net_mass', 'gross_mass', 'supplementary_quantity', 'supplementary_unit', 'price',
  'valuation_method', 'package_count', 'package_kind', 'package_marks',
] as const;

/** RFC 4180 parsing: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export class CsvFormatError extends Error {}

export function csvToDeclarations(text: string): Json[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new CsvFormatError('empty');
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) throw new CsvFormatError(unknown.join(', '));
  const groups = new Map<string, Map<string, string>[]>();
  for (const r of rows) {
    const m = new Map(names.map((n, i) => [n, (r[i] ?? '').trim()]));
    const lrn = m.get('lrn') ?? '';
    groups.set(lrn, [...(groups.get(lrn) ?? []), m]);
  }
  return [...groups.values()].map(build);
}

function setIf(o: Json, key: string, v: string | undefined) {
  if (v) o[key] = v;
}

function party(r: Map<string, string>, prefix: string): Json {
  const p: Json = {};
  setIf(p, 'tin', r.get(`${prefix}_tin`));
  setIf(p, 'name', r.get(`${prefix}_name`));
  const a: Json = {};
  setIf(a, 'street', r.get(`${prefix}_street`));
  setIf(a, 'city', r.get(`${prefix}_city`));
  setIf(a, 'country', r.get(`${prefix}_country`));
  p.address = a;
  return p;
}

function build(rows: Map<string, string>[]): Json {
  const h = rows[0]!;
  const g = (k: string) => h.get(k) ?? '';
  const d: Json = {};
  for (const k of ['lrn', 'type', 'procedure', 'office', 'issue_date']) setIf(d, k, g(k));
  const parties: Json = { declarant: party(h, 'declarant') };
  if (g('importer_tin') || g('importer_name')) parties.importer = party(h, 'importer');
  if (g('exporter_name')) parties.exporter = { tin: 'UNKNOWN', ...party(h, 'exporter') };
  d.parties = parties;
  const t: Json = {};
  setIf(t, 'border_mode', g('border_mode'));
  setIf(t, 'means_id', g('means_id'));
  setIf(t, 'means_nationality', g('means_nationality'));
  if (g('containers')) t.containers = g('containers').split(' ').filter(Boolean);
  d.transport = t;
  const l: Json = {};
  for (const k of ['loading', 'entry_office', 'destination_office', 'destination_country']) setIf(l, k, g(k));
  if (Object.keys(l).length) d.locations = l;
  const inv: Json = {};
  setIf(inv, 'number', g('invoice_number'));
  setIf(inv, 'date', g('invoice_date'));
  setIf(inv, 'currency', g('invoice_currency'));
  setIf(inv, 'total', g('invoice_total'));
  setIf(inv, 'incoterm', g('incoterm'));
  d.invoice = inv;
  if (g('freight')) d.freight = { amount: g('freight'), currency: g('freight_currency') || g('invoice_currency') };
  if (g('insurance')) d.insurance = { amount: g('insurance'), currency: g('insurance_currency') || g('invoice_currency') };
  if (g('exchange_rate')) d.exchange_rates = [{ currency: g('invoice_currency'), rate: g('exchange_rate') }];
  d.items = rows.map((r) => {
    const v = (k: string) => r.get(k) ?? '';
    const it: Json = {};
    const seq = v('item_seq');
    if (seq) it.seq = /^\d{1,5}$/.test(seq) ? Number(seq) : seq;
    setIf(it, 'description', v('description'));
    const c: Json = {};
    setIf(c, 'hs', v('hs'));
    setIf(c, 'national', v('national'));
    it.commodity = c;
    for (const k of ['origin', 'preferential_origin', 'net_mass', 'gross_mass']) setIf(it, k, v(k));
    if (v('supplementary_quantity')) it.supplementary = { quantity: v('supplementary_quantity'), unit: v('supplementary_unit') };
    setIf(it, 'price', v('price'));
    it.valuation_method = v('valuation_method') || '1';
    if (v('package_count') || v('package_kind')) {
      const p: Json = { count: /^\d{1,8}$/.test(v('package_count')) ? Number(v('package_count')) : v('package_count') };
      setIf(p, 'kind', v('package_kind'));
      setIf(p, 'marks', v('package_marks'));
      it.packages = [p];
    }
    return it;
  });
  return d;
}
