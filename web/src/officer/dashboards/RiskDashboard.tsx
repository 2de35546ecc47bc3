import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { getRiskReport, listCriteria } from '../../api/endpoints';
import { LANES } from '../../api/types';
import type { Criterion, RiskReport } from '../../api/officerTypes';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorBox, Loading, NotAvailable } from '../../components/Feedback';
import { formatPercent } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { laneLabel, tKey } from '../../i18n/dynamic';

export const LANE_COLOURS = { green: '#27ae60', blue: '#2e86c1', yellow: '#f1c40f', red: '#c0392b' } as const;

function laneMixOption(r: RiskReport): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        data: LANES.filter((l) => r.lanes[l]).map((l) => ({ name: laneLabel(l), value: r.lanes[l]!.declarations, itemStyle: { color: LANE_COLOURS[l] } })),
      },
    ],
  };
}

function byDayOption(r: RiskReport): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: r.by_day.map((d) => d.day) },
    yAxis: { type: 'value' },
    series: (['red', 'yellow', 'blue', 'green'] as const).map((l) => ({
      name: laneLabel(l),
      type: 'bar',
      stack: 'lanes',
      itemStyle: { color: LANE_COLOURS[l] },
      data: r.by_day.map((d) => d[l]),
    })),
  };
}

/** Hit rates as bars, with the number inspected in the label (a rate of 1 of 1 says little). */
function hitRateOption(rows: { name: string; rate: number | null; inspected: number }[], axisName: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 1, name: axisName, nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.rate ?? 0),
        itemStyle: { color: '#145da0' },
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => `${formatPercent(rows[p.dataIndex]!.rate)} (${rows[p.dataIndex]!.inspected})` },
      },
    ],
  };
}

export function RiskDashboard({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const report = useAsync((s) => getRiskReport(from, to, s), [from, to]);
  const criteria = useAsync((s) => listCriteria(s), []);
  const r = report.data;
  const options = useMemo(() => {
    if (!r) return undefined;
    const sources = Object.entries(r.sources).map(([k, v]) => ({ name: tKey(`risk.source.${k}`, k), rate: v.hit_rate, inspected: v.inspected }));
    return { mix: laneMixOption(r), byDay: byDayOption(r), sources: hitRateOption(sources, t('dashboards.hitRate')) };
  }, [r, t]);
  const criterionOption = useMemo(() => {
    const active = (criteria.data?.items ?? []).filter((c: Criterion) => c.status === 'active');
    return hitRateOption(
      active.map((c) => ({ name: `${c.id} ${c.name.slice(0, 28)}`, rate: c.hit_rate, inspected: c.inspected })),
      t('dashboards.hitRate'),
    );
  }, [criteria.data, t]);

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
      <section className="card">
        <h2>{t('dashboards.hitRateBySource')}</h2>
        <EChart option={options.sources} height={220} label={t('dashboards.hitRateBySource')} />
      </section>
      <section className="card">
        <h2>{t('dashboards.hitRateByCriterion')}</h2>
        {criteria.error ? <ErrorBox error={criteria.error} /> : <EChart option={criterionOption} height={240} label={t('dashboards.hitRateByCriterion')} />}
      </section>
      <section className="card">
        <h2>{t('dashboards.models')}</h2>
        {r.models.length === 0 ? (
          <p className="muted">{t('dashboards.noModels')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('dashboards.models')}</th>
                <th>{t('dashboards.scored')}</th>
                <th>{t('dashboards.inspected')}</th>
                <th>{t('dashboards.hits')}</th>
                <th>{t('dashboards.auc')}</th>
              </tr>
            </thead>
            <tbody>
              {r.models.map((m) => (
                <tr key={m.version}>
                  <td className="mono">
                    {m.version} ({m.role})
                  </td>
                  <td>{m.scored}</td>
                  <td>{m.inspected}</td>
                  <td>{m.hits}</td>
                  <td>{m.auc === null ? '—' : m.auc.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>{t('dashboards.hitRateOverTime')}</h2>
        <NotAvailable what={t('dashboards.gapHitRateOverTime')} />
      </section>
    </div>
  );
}
