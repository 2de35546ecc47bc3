// Duties and taxes per goods item and per tax, from GET /v1/declarations/{ref}/assessment.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { getAssessment } from '../api/endpoints';
import type { DutyLine } from '../api/types';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDate, formatDecimal, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { problemText, taxLabel } from '../i18n/dynamic';

/** "227704500.00 UZS" (an amount and what it counts) with the language's separators. */
const amountText = (text: string) => text.replace(/^-?\d+(\.\d+)?/, (n) => formatDecimal(n, 2));

function LineRow({ line, currency }: { line: DutyLine; currency: string }) {
  return (
    <tr>
      <td>{taxLabel(line.kind)}</td>
      <td>
        {line.description}
        <div className="muted small">{line.legal_ref}</div>
      </td>
      <td className="num">{amountText(line.base)}</td>
      <td className="mono">{line.rate}</td>
      <td className="num" data-testid="duty-amount">
        {formatMoney(line.amount, currency)}
      </td>
    </tr>
  );
}

export function DutiesPanel({ id, refreshKey }: { id: number; refreshKey: number }) {
  const { t, i18n } = useTranslation();
  // The measures' names come in the app's language (Accept-Language): ask again when it changes.
  const a = useAsync((s) => getAssessment(id, s), [id, refreshKey, i18n.language]);
  return (
    <section className="card" aria-labelledby="duties-heading" data-testid="duties">
      <h2 id="duties-heading">{t('duties.title')}</h2>
      {a.loading && !a.data && <Loading />}
      {a.error &&
        (a.error.code === 'not_assessable' ? (
          <p className="muted">
            {t('duties.notAssessable')} {problemText(a.error.problem)}
          </p>
        ) : (
          <ErrorBox error={a.error} onRetry={a.reload} />
        ))}
      {a.data && (
        <>
          <p className="muted small">
            {t('duties.basis', { schedule: a.data.schedule, date: formatDate(a.data.acceptance_date) })} · {t('duties.customsValue')}:{' '}
            {formatMoney(a.data.customs_value, a.data.currency)}
          </p>
          {a.data.officer_review && <p className="alert alert-info">{t('duties.officerReview')}</p>}
          <div className="table-scroll">
            <table className="duties-table">
              <thead>
                <tr>
                  <th>{t('duties.tax')}</th>
                  <th>{t('duties.measure')}</th>
                  <th>{t('duties.base')}</th>
                  <th>{t('duties.rate')}</th>
                  <th className="num">{t('duties.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {a.data.items.map((item) => (
                  <Fragment key={item.seq}>
                    <tr className="group-row">
                      <th colSpan={4}>
                        {t('lodge.itemN', { n: item.seq })} · <span className="mono">{item.code}</span> · {t('duties.customsValue')}{' '}
                        {formatMoney(item.customs_value, a.data!.currency)}
                      </th>
                      <th className="num">{formatMoney(item.total, a.data!.currency)}</th>
                    </tr>
                    {item.lines.map((l, i) => (
                      <LineRow key={i} line={l} currency={a.data!.currency} />
                    ))}
                  </Fragment>
                ))}
                {a.data.declaration_lines.length > 0 && (
                  <tr className="group-row">
                    <th colSpan={5}>{t('duties.declarationLevel')}</th>
                  </tr>
                )}
                {a.data.declaration_lines.map((l, i) => (
                  <LineRow key={`d${i}`} line={l} currency={a.data!.currency} />
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('duties.byTax')}</h3>
          <dl className="facts" data-testid="totals-by-tax">
            {Object.entries(a.data.totals_by_tax).map(([tax, amount]) => (
              <div key={tax}>
                <dt>{taxLabel(tax)}</dt>
                <dd>{formatMoney(amount, a.data!.currency)}</dd>
              </div>
            ))}
            <div className="total">
              <dt>{t('duties.total')}</dt>
              <dd data-testid="duties-total" data-amount={a.data.total}>
                {formatMoney(a.data.total, a.data.currency)}
              </dd>
            </div>
          </dl>
          {a.data.notes.length > 0 && (
            <ul className="notes">
              {a.data.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
