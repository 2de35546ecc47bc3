// The debt of a declaration and its payment. Paying goes through the demo bank: the server signs
// a confirmation as the bank would and takes it through the same callback path
// (POST /v1/payment-orders/{order}/demo-bank), so the receipt is the real one.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { getDebt, payWithDemoBank } from '../api/endpoints';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { taxLabel, tKey, messageText } from '../i18n/dynamic';

interface Props {
  id: number;
  refreshKey: number;
  canPay: boolean;
  onPaid: () => void;
}

export function PaymentPanel({ id, refreshKey, canPay, onPaid }: Props) {
  const { t } = useTranslation();
  const debt = useAsync((s) => getDebt(id, s), [id, refreshKey]);
  const [paying, setPaying] = useState<string>();
  const [payError, setPayError] = useState<ApiError>();

  async function pay(order: string) {
    setPaying(order);
    setPayError(undefined);
    try {
      await payWithDemoBank(order);
      onPaid();
    } catch (e) {
      if (e instanceof ApiError) setPayError(e);
      else throw e;
    } finally {
      setPaying(undefined);
    }
  }

  const d = debt.data;
  return (
    <section className="card" aria-labelledby="payment-heading" data-testid="payment">
      <h2 id="payment-heading">{t('payment.title')}</h2>
      {debt.loading && !d && <Loading />}
      {debt.error && <ErrorBox error={debt.error} onRetry={debt.reload} />}
      {payError && <ErrorBox error={payError} />}
      {d && d.assessed_version === null && <p className="muted">{t('payment.notAssessed')}</p>}
      {d && d.currency && (
        <>
          <dl className="facts">
            <div>
              <dt>{t('payment.assessed')}</dt>
              <dd>{formatMoney(d.assessed, d.currency)}</dd>
            </div>
            <div>
              <dt>{t('payment.settled')}</dt>
              <dd data-testid="settled">{formatMoney(d.settled, d.currency)}</dd>
            </div>
            <div>
              <dt>{t('payment.outstanding')}</dt>
              <dd data-testid="outstanding">{formatMoney(d.outstanding, d.currency)}</dd>
            </div>
            {d.to_secure && d.to_secure !== '0.00' && (
              <div>
                <dt>{t('payment.toSecure')}</dt>
                <dd>{formatMoney(d.to_secure, d.currency)}</dd>
              </div>
            )}
          </dl>
          {d.lines && d.lines.length > 0 && (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>{t('duties.tax')}</th>
                    <th className="num">{t('payment.assessed')}</th>
                    <th className="num">{t('payment.settled')}</th>
                    <th className="num">{t('payment.outstanding')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.lines.map((l) => (
                    <tr key={l.tax}>
                      <td>
                        {taxLabel(l.tax)}
                        {l.secured ? ` (${t('payment.secured')})` : ''}
                      </td>
                      <td className="num">{formatMoney(l.assessed)}</td>
                      <td className="num">{formatMoney(l.settled)}</td>
                      <td className="num">{formatMoney(l.outstanding)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {d && d.orders.length > 0 && (
        <>
          <h3>{t('payment.orders')}</h3>
          <ul className="orders">
            {d.orders.map((o) => (
              <li key={o.reference} data-testid="payment-order" data-status={o.status}>
                <span className="mono">{o.reference}</span> · {formatMoney(o.amount, o.currency)} ·{' '}
                <span className={`badge order-${o.status}`}>{tKey(`payment.status.${o.status}`, o.status)}</span>
                {o.receipt && (
                  <span className="muted small">
                    {' '}
                    · {t('payment.receipt')} {o.receipt} · {formatDateTime(o.settled_at)}
                  </span>
                )}
                {o.status === 'open' && canPay && (
                  <button type="button" onClick={() => pay(o.reference)} disabled={paying !== undefined} data-testid="pay-demo-bank">
                    {paying === o.reference ? t('common.working') : t('payment.payDemoBank')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {canPay && <p className="hint">{t('payment.demoBankHint')}</p>}
        </>
      )}
      {d && d.release_blockers.length > 0 && (
        <div className="alert alert-info">
          <strong>{t('payment.blockers')}</strong>
          <ul>
            {d.release_blockers.map((b, i) => (
              <li key={i}>{messageText(b)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
