// What was declared, as an inspector compares it with the cargo: each goods item (description,
// code with the nomenclature's words, origin, masses and quantities, packages and marks, price,
// unit price, valuation), the parties with their names, transport and containers, documents.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeListName, Declaration, DeclarationResource, GoodsItem, Party } from '../api/types';
import { formatDate, formatDecimal, formatMoney } from '../format';
import { useCodeList } from '../hooks/useCodeList';

type Document = NonNullable<Declaration['documents']>[number];

/** code -> "code — name" from a code list in the user's language (the code alone while loading). */
function useNames(list: CodeListName): (code: string | undefined) => string {
  const { items } = useCodeList(list);
  return (code) => {
    if (!code) return '—';
    const e = items?.find((i) => i.code === code);
    return e && e.name && e.name !== code ? `${code} — ${e.name}` : code;
  };
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Documents by type name and id; nothing when there are none. */
function Documents({ label, documents, testId }: { label: string; documents?: Document[]; testId?: string }) {
  const documentType = useNames('document-types');
  if (!documents || documents.length === 0) return null;
  return (
    <Fact label={label} testId={testId}>
      {documents.map((doc, i) => (
        <div key={i}>
          {documentType(doc.type)} <span className="mono">{doc.id}</span>
        </div>
      ))}
    </Fact>
  );
}

/** Price per supplementary unit (or per kilogram without one), to four significant places. */
function unitPrice(item: GoodsItem): string | null {
  const qty = Number(item.supplementary?.quantity ?? item.net_mass);
  const price = Number(item.price);
  if (!Number.isFinite(qty) || qty <= 0 || !Number.isFinite(price)) return null;
  return (price / qty).toFixed(2);
}

function ItemCard({ item, d, texts }: { item: GoodsItem; d: Declaration; texts: Record<string, string> }) {
  const { t } = useTranslation();
  const country = useNames('countries');
  const packageKind = useNames('package-kinds');
  const valuation = useNames('valuation-methods');
  const hs = item.commodity.hs;
  const heading = texts[hs.slice(0, 4)];
  const sub = texts[hs];
  const up = unitPrice(item);
  return (
    <article className="card-inner goods-item" data-testid="goods-item" data-seq={item.seq}>
      <h3>
        {t('goods.item', { n: item.seq })}: <span data-testid="goods-description">{item.description}</span>
      </h3>
      <dl className="facts">
        <Fact label={t('goods.code')} testId="goods-code">
          <span className="mono">
            {hs}
            {item.commodity.national ?? ''}
          </span>
          {(heading || sub) && (
            <div className="muted small hs-text" data-testid="goods-code-text">
              {heading}
              {sub && sub !== heading ? ` — ${sub}` : ''}
            </div>
          )}
        </Fact>
        <Fact label={t('goods.origin')} testId="goods-origin">
          {country(item.origin)}
          {item.preferential_origin && (
            <div className="muted small">{t('goods.preferentialOrigin', { country: item.preferential_origin })}</div>
          )}
        </Fact>
        <Fact label={t('goods.netMass')}>{t('goods.kg', { value: formatDecimal(item.net_mass) })}</Fact>
        <Fact label={t('goods.grossMass')}>{t('goods.kg', { value: formatDecimal(item.gross_mass) })}</Fact>
        {item.supplementary && (
          <Fact label={t('goods.quantity')} testId="goods-quantity">
            {formatDecimal(item.supplementary.quantity)} {item.supplementary.unit}
          </Fact>
        )}
        <Fact label={t('goods.price')} testId="goods-price">
          {formatMoney(item.price, d.invoice.currency)}
        </Fact>
        {up && (
          <Fact label={t('goods.unitPrice')}>
            {formatMoney(up, d.invoice.currency)} / {item.supplementary?.unit ?? 'kg'}
          </Fact>
        )}
        <Fact label={t('goods.valuation')}>{valuation(item.valuation_method)}</Fact>
        <Fact label={t('goods.packages')} testId="goods-packages">
          {(item.packages ?? []).length === 0
            ? t('goods.none')
            : (item.packages ?? []).map((p, i) => (
                <div key={i}>
                  {p.count} × {packageKind(p.kind)}
                  {p.marks ? <span className="muted small"> · {p.marks}</span> : null}
                </div>
              ))}
        </Fact>
        <Documents label={t('goods.documents')} documents={item.documents} />
      </dl>
    </article>
  );
}

function PartyFact({ role, party }: { role: string; party: Party }) {
  const { t } = useTranslation();
  const a = party.address;
  return (
    <Fact label={t(`parties.roles.${role}` as 'parties.roles.declarant')} testId={`party-${role}`}>
      {party.name || '—'}
      <div className="muted small">
        {party.tin ? `${t('parties.tin')} ${party.tin}` : ''}
        {a ? ` · ${[a.street, a.city, a.postcode, a.country].filter(Boolean).join(', ')}` : ''}
      </div>
    </Fact>
  );
}

const PARTY_ROLES = ['declarant', 'importer', 'exporter', 'seller', 'buyer', 'carrier', 'representative'];

export function GoodsPanel({ d }: { d: DeclarationResource }) {
  const { t } = useTranslation();
  const country = useNames('countries');
  const modes = useNames('transport-modes');
  const offices = useNames('offices');
  const procedures = useNames('procedures');
  const incoterms = useNames('incoterms');
  const c = d.declaration;
  if (!c) return <p className="muted">{t('goods.noContent')}</p>;
  const texts = d.commodity_texts ?? {};
  const loc = c.locations ?? {};
  return (
    <>
      <section className="card" aria-labelledby="goods-heading" data-testid="goods-panel">
        <h2 id="goods-heading">{t('goods.title')}</h2>
        {c.items.map((item) => (
          <ItemCard key={item.seq} item={item} d={c} texts={texts} />
        ))}
      </section>
      <section className="card" aria-labelledby="parties-heading" data-testid="parties-panel">
        <h2 id="parties-heading">{t('parties.title')}</h2>
        <dl className="facts">
          {PARTY_ROLES.map((role) => {
            const p = c.parties[role];
            return p ? <PartyFact key={role} role={role} party={p} /> : null;
          })}
        </dl>
      </section>
      <section className="card" aria-labelledby="shipment-heading" data-testid="shipment-panel">
        <h2 id="shipment-heading">{t('shipment.title')}</h2>
        <dl className="facts">
          <Fact label={t('shipment.procedure')}>{procedures(c.procedure)}</Fact>
          <Fact label={t('shipment.borderMode')}>{modes(c.transport.border_mode)}</Fact>
          <Fact label={t('shipment.means')} testId="transport-means">
            {c.transport.means_id || '—'}
            {c.transport.means_nationality ? ` (${country(c.transport.means_nationality)})` : ''}
          </Fact>
          {(c.transport.containers ?? []).length > 0 && (
            <Fact label={t('shipment.containers')} testId="transport-containers">
              <span className="mono">{(c.transport.containers ?? []).join(', ')}</span>
            </Fact>
          )}
          {(c.transport.seals ?? []).length > 0 && (
            <Fact label={t('shipment.seals')} testId="transport-seals">
              <span className="mono">{(c.transport.seals ?? []).join(', ')}</span>
            </Fact>
          )}
          {loc.loading && <Fact label={t('shipment.loading')}>{loc.loading}</Fact>}
          {loc.entry_office && <Fact label={t('shipment.entryOffice')}>{offices(loc.entry_office)}</Fact>}
          {loc.destination_office && <Fact label={t('shipment.destinationOffice')}>{offices(loc.destination_office)}</Fact>}
          {loc.destination_country && <Fact label={t('shipment.destinationCountry')}>{country(loc.destination_country)}</Fact>}
          <Fact label={t('shipment.invoice')}>
            {t('shipment.invoiceOf', { number: c.invoice.number, date: formatDate(c.invoice.date) })}
            <div className="muted small">{formatMoney(c.invoice.total, c.invoice.currency)}</div>
          </Fact>
          <Fact label={t('shipment.incoterm')}>
            {incoterms(c.invoice.incoterm)}
            {c.invoice.incoterm_place ? ` ${c.invoice.incoterm_place}` : ''}
          </Fact>
          {c.freight && <Fact label={t('shipment.freight')}>{formatMoney(c.freight.amount, c.freight.currency)}</Fact>}
          {c.insurance && <Fact label={t('shipment.insurance')}>{formatMoney(c.insurance.amount, c.insurance.currency)}</Fact>}
          <Documents label={t('shipment.documents')} documents={c.documents} testId="declaration-documents" />
        </dl>
      </section>
    </>
  );
}
