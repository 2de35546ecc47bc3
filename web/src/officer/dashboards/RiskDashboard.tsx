// What the risk engine selected and found in the period (GET /v1/reports/risk): the lane mix, hit
// rates by source, per criterion and per day (one criterion, chosen in the table, drawn over time
// beside the sources), and the fraud models' figures.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRiskReport } from '../../api/endpoints';
import type { CriterionTally, RiskReport } from '../../api/officerTypes';
import { EChart } from '../../components/EChart';
import { ErrorBox, Loading } from '../../components/Feedback';
import { formatPercent } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { tKey } from '../../i18n/dynamic';
import { byDayOption, hitRateOption, hitRateOverTimeOption, laneMixOption } from './chartOptions';

/** A criterion's name; the valuation and classification controls are pseudo-criteria without one. */
function criterionName(c: CriterionTally): string {
  return c.name || tKey(`dashboards.pseudoCriterion.${c.id}`, c.id);
}

export function RiskDashboard({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const report = useAsync((s) => getRiskReport(from, to, s), [from, to]);
  const r = report.data;
  // The criterion whose hit rate per day is drawn on the over-time chart (chosen in the table).
  const [selectedId, setSelectedId] = useState<string>();
  const selected = r?.criteria.find((c) => c.id === selectedId);
  const toggle = (id: string) => setSelectedId((cur) => (cur === id ? undefined : id));
  const options = useMemo(() => {
    if (!r) return undefined;
    const sources = Object.entries(r.sources).map(([k, v]) => ({ name: tKey(`risk.source.${k}`, k), rate: v.hit_rate, inspected: v.inspected }));
    // By id (the table beside names them); the first criterion at the top.
    const criteria = [...r.criteria].reverse().map((c) => ({ name: c.id, rate: c.hit_rate, inspected: c.inspected }));
    return {
      mix: laneMixOption(r),
      byDay: byDayOption(r),
      sources: hitRateOption(sources, t('dashboards.hitRate')),
      criteria: hitRateOption(criteria, t('dashboards.hitRate')),
      overTime: hitRateOverTimeOption(
        r,
        { rule: t('dashboards.series.rule'), model: t('dashboards.series.model'), random: t('dashboards.series.random') },
        selected && { tally: selected, name: t('dashboards.criterionSeries', { id: selected.id }) },
      ),
    };
  }, [r, t, selected]);

  if (report.error) return <ErrorBox error={report.error} onRetry={report.reload} />;
  if (!r || !options) return <Loading />;
  return (
    <div className="columns" data-testid="risk-dashboard">
      <section className="card">
        <h2>{t('dashboards.laneMix')}</h2>
        <p className="muted small">
          {t('dashboards.declarations')}: {r.total.declarations} · {t('dashboards.inspected')}: {r.total.inspected} · {t('dashboards.hits')}:{' '}
          {r.total.hits} · {t('dashboards.hitRate')}: {formatPercent(r.total.hit_rate)}
        </p>
        <EChart option={options.mix} label={t('dashboards.laneMix')} />
      </section>
      <section className="card">
        <h2>{t('dashboards.laneMixByDay')}</h2>
        <EChart option={options.byDay} label={t('dashboards.laneMixByDay')} />
      </section>
      <section className="card" data-testid="hit-rate-over-time" data-criterion={selected?.id}>
        <h2>{t('dashboards.hitRateOverTime')}</h2>
        <p className="muted small">{t('dashboards.hitRateOverTimeNote')}</p>
        <EChart option={options.overTime} label={t('dashboards.hitRateOverTime')} />
        {selected ? (
          <p className="small" data-testid="criterion-on-chart">
            {t('dashboards.criterionOnChart', { id: selected.id, days: selected.by_day.length })}{' '}
            <button type="button" className="link" onClick={() => setSelectedId(undefined)}>
              {t('dashboards.hideCriterion')}
            </button>
          </p>
        ) : (
          r.criteria.length > 0 && <p className="muted small">{t('dashboards.criterionOverTimeHint')}</p>
        )}
      </section>
      <section className="card">
        <h2>{t('dashboards.hitRateBySource')}</h2>
        <EChart option={options.sources} height={220} label={t('dashboards.hitRateBySource')} />
      </section>
      <section className="card span-all" data-testid="criteria-hit-rates">
        <h2>{t('dashboards.hitRateByCriterion')}</h2>
        {r.criteria.length === 0 ? (
          <p className="muted">{t('dashboards.noCriteria')}</p>
        ) : (
          <div className="columns">
            <EChart option={options.criteria} height={48 + r.criteria.length * 36} label={t('dashboards.hitRateByCriterion')} />
            <CriteriaTable criteria={r.criteria} selected={selected?.id} onSelect={toggle} />
          </div>
        )}
      </section>
      <section className="card span-all">
        <h2>{t('dashboards.models')}</h2>
        <ModelsTable models={r.models} />
      </section>
    </div>
  );
}

/** The period's tally per criterion; choosing a row draws that criterion over time. */
function CriteriaTable({ criteria, selected, onSelect }: { criteria: CriterionTally[]; selected?: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="small">
        <thead>
          <tr>
            <th>{t('risk.criterion')}</th>
            <th className="num">{t('dashboards.matched')}</th>
            <th className="num">{t('dashboards.selected')}</th>
            <th className="num">{t('dashboards.inspected')}</th>
            <th className="num">{t('dashboards.hits')}</th>
            <th className="num">{t('dashboards.hitRate')}</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr
              key={c.id}
              data-testid={`criterion-tally-${c.id}`}
              className={`clickable${c.id === selected ? ' selected' : ''}`}
              onClick={() => onSelect(c.id)}
            >
              <td>
                <button
                  type="button"
                  className="link mono"
                  aria-pressed={c.id === selected}
                  title={t('dashboards.showOverTime', { id: c.id })}
                  data-testid="criterion-over-time"
                  onClick={(e) => {
                    e.stopPropagation();
                    onSelect(c.id);
                  }}
                >
                  {c.id}
                </button>{' '}
                {criterionName(c) !== c.id && criterionName(c)}
              </td>
              <td className="num">{c.matched}</td>
              <td className="num">{c.declarations}</td>
              <td className="num">{c.inspected}</td>
              <td className="num">{c.hits}</td>
              <td className="num">{formatPercent(c.hit_rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelsTable({ models }: { models: RiskReport['models'] }) {
  const { t } = useTranslation();
  if (models.length === 0) return <p className="muted">{t('dashboards.noModels')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>{t('dashboards.models')}</th>
            <th className="num">{t('dashboards.scored')}</th>
            <th className="num">{t('dashboards.inspected')}</th>
            <th className="num">{t('dashboards.hits')}</th>
            <th className="num">{t('dashboards.aucEvaluated')}</th>
            <th className="num">{t('dashboards.auc')}</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.version}>
              <td className="mono">
                {m.version} ({tKey(`dashboards.modelRole.${m.role}`, m.role)})
              </td>
              <td className="num">{m.scored}</td>
              <td className="num">{m.inspected}</td>
              <td className="num">{m.hits}</td>
              <td className="num" title={m.evaluated_rows ? String(m.evaluated_rows) : undefined}>
                {m.evaluated_auc === null ? '—' : m.evaluated_auc.toFixed(3)}
              </td>
              <td className="num">{m.auc === null ? t('dashboards.aucTooFew') : m.auc.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
