// Why the declaration got its lane (GET /v1/declarations/{ref}/risk): the criteria that fired,
// the decision in words, the model's contributions, the trader and the valuation.
import { useTranslation } from 'react-i18next';
import { getRiskDecision } from '../api/endpoints';
import { LaneBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime, formatNumber } from '../format';
import { useAsync } from '../hooks/useAsync';
import { tKey } from '../i18n/dynamic';
import { ContributionsChart, ValuationPanel } from './RiskCharts';
import { TraderProfileCard } from './TraderProfileCard';

export function RiskPanel({ id, refreshKey }: { id: number; refreshKey: number }) {
  const { t, i18n } = useTranslation();
  // The reasons come worded in the app's language (Accept-Language): ask again when it changes.
  const r = useAsync((s) => getRiskDecision(id, s), [id, i18n.language]);
  if (r.loading && !r.data) return <Loading />;
  if (r.error)
    return r.error.code === 'no_decision' ? (
      <section className="card">
        <h2>{t('risk.title')}</h2>
        <p className="muted">{t('risk.noDecision')}</p>
      </section>
    ) : (
      <ErrorBox error={r.error} onRetry={r.reload} />
    );
  const d = r.data!;
  return (
    <section className="card" aria-labelledby="risk-heading" data-testid="risk-panel">
      <h2 id="risk-heading">{t('risk.title')}</h2>
      <p>
        <LaneBadge lane={d.lane} /> {tKey(`risk.source.${d.source ?? 'none'}`, d.source ?? '')}
        {d.score !== null && ` · ${t('risk.score')} ${formatNumber(d.score, 3)}`} ·{' '}
        <span className="muted small">{formatDateTime(d.decided_at)}</span>
      </p>
      <h3>{t('risk.criteria')}</h3>
      {d.criteria.length === 0 ? (
        <p className="muted">{t('risk.noCriteria')}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="fired-criteria">
            <thead>
              <tr>
                <th>{t('risk.criterion')}</th>
                <th>{t('decl.lane')}</th>
                <th>{t('risk.priority')}</th>
                <th>{t('risk.selected')}</th>
                <th>{t('risk.whatToCheck')}</th>
              </tr>
            </thead>
            <tbody>
              {d.criteria.map((c) => (
                <tr key={`${c.id}-${c.version}`}>
                  <td className="mono">
                    {c.id} v{c.version}
                  </td>
                  <td>
                    <LaneBadge lane={c.lane} />
                  </td>
                  <td>{c.priority}</td>
                  <td>{c.selected ? t('common.yes') : t('common.no')}</td>
                  <td>{c.descriptions?.[i18n.language] || c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('risk.reasons')}</h3>
      <ul className="reasons">
        {d.reasons.map((x, i) => (
          <li key={i} data-code={x.code}>
            {x.message}
          </li>
        ))}
      </ul>
      <h3>{t('risk.contributions')}</h3>
      <ContributionsChart explanation={d.explanation} />
      <h3>{t('risk.valuation')}</h3>
      <ValuationPanel items={d.items} explainedItem={d.explanation.item} />
      <TraderProfileCard tin={d.accountable_tin} refreshKey={refreshKey} />
    </section>
  );
}
