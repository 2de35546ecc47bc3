import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { getRevenueReport } from '../../api/endpoints';
import type { RevenueReport } from '../../api/officerTypes';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorBox, Loading } from '../../components/Feedback';
import { formatMoney } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { taxLabel } from '../../i18n/dynamic';

// Chart values only: the amounts shown as text keep every digit (formatMoney on the strings).
const toNumber = (s: string) => Number(s);

function barOption(labels: string[], values: number[], horizontal: boolean): ChartOption {
  const category = { type: 'category', data: labels };
  const value = { type: 'value' };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 24, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [{ type: 'bar', data: values, itemStyle: { color: '#145da0' } }],
  };
}

function options(r: RevenueReport) {
  const days = Object.keys(r.by_day).sort();
  const offices = Object.keys(r.by_office).sort((a, b) => toNumber(r.by_office[a]!.net) - toNumber(r.by_office[b]!.net));
  const taxes = Object.keys(r.by_tax);
  return {
    byDay: barOption(days, days.map((d) => toNumber(r.by_day[d]!.net)), false),
    byOffice: barOption(offices, offices.map((o) => toNumber(r.by_office[o]!.net)), true),
    byTax: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: taxes.map((k) => ({ name: taxLabel(k), value: toNumber(r.by_tax[k]!.net) })) }],
    } as ChartOption,
    officeCount: offices.length,
  };
}

export function RevenueDashboard({ from, to, office }: { from: string; to: string; office: string }) {
  const { t } = useTranslation();
  const rev = useAsync((s) => getRevenueReport(from, to, office, s), [from, to, office]);
  const opts = useMemo(() => (rev.data ? options(rev.data) : undefined), [rev.data, t]); // eslint-disable-line react-hooks/exhaustive-deps
  if (rev.error) return <ErrorBox error={rev.error} onRetry={rev.reload} />;
  if (!rev.data || !opts) return <Loading />;
  const r = rev.data;
  return (
    <>
      <section className="card" data-testid="revenue-dashboard">
        <h2>{t('dashboards.revenue')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('dashboards.collected')}</dt>
            <dd>{formatMoney(r.total.collected, r.currency)}</dd>
          </div>
          <div>
            <dt>{t('dashboards.refunded')}</dt>
            <dd>{formatMoney(r.total.refunded, r.currency)}</dd>
          </div>
          <div>
            <dt>{t('dashboards.net')}</dt>
            <dd>{formatMoney(r.total.net, r.currency)}</dd>
          </div>
        </dl>
      </section>
      <div className="columns">
        <section className="card">
          <h2>{t('dashboards.revenueByDay')}</h2>
          <EChart option={opts.byDay} label={t('dashboards.revenueByDay')} />
        </section>
        <section className="card">
          <h2>{t('dashboards.revenueByTax')}</h2>
          <EChart option={opts.byTax} label={t('dashboards.revenueByTax')} />
        </section>
      </div>
      <section className="card">
        <h2>{t('dashboards.revenueByOffice')}</h2>
        <EChart option={opts.byOffice} height={60 + opts.officeCount * 26} label={t('dashboards.revenueByOffice')} />
      </section>
    </>
  );
}
