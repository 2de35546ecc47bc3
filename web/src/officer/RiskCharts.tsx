// The two charts of the risk explanation: the model's strongest contributions to the riskiest
// item's score, and each item's unit value against its commodity's reference quartiles.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelExplanation, RiskDecisionItem } from '../api/types';
import { EChart, type ChartOption } from '../components/EChart';
import { formatNumber } from '../format';

export function ContributionsChart({ explanation }: { explanation: ModelExplanation }) {
  const { t } = useTranslation();
  const top = explanation.top ?? [];
  const option = useMemo<ChartOption>(() => {
    // Smallest at the bottom so that the strongest factor reads first.
    const rows = [...top].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: t('risk.logOdds'), nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: rows.map((r) => `${r.feature} = ${r.value === null ? '∅' : formatNumber(r.value, 3)}`) },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => ({ value: r.contribution, itemStyle: { color: r.contribution >= 0 ? '#c0392b' : '#1e8449' } })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => (p.value >= 0 ? '+' : '') + p.value.toFixed(3) },
        },
      ],
    };
  }, [top, t]);
  if (top.length === 0) return <p className="muted">{t('risk.noModel')}</p>;
  return (
    <>
      <p className="muted small">
        {t('risk.explainedItem', { item: explanation.item ?? '?', score: formatNumber(explanation.score ?? null, 3), base: formatNumber(explanation.base ?? null, 3) })}
      </p>
      <EChart option={option} height={60 + top.length * 34} label={t('risk.contributions')} />
    </>
  );
}

export function ValuationChart({ items }: { items: RiskDecisionItem[] }) {
  const { t } = useTranslation();
  const withRef = items.filter((i) => 'median' in i.valuation);
  const option = useMemo<ChartOption>(() => {
    const labels = withRef.map((i) => `#${i.seq} ${i.hs} ${i.origin}`);
    const q = (i: RiskDecisionItem) => i.valuation as { q1: number; median: number; q3: number };
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: t('risk.unitValueAxis'), nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: labels },
      series: [
        // The inter-quartile range as a floating bar: an invisible offset up to Q1, then Q3 - Q1.
        { type: 'bar', stack: 'iqr', silent: true, itemStyle: { color: 'transparent' }, data: withRef.map((i) => q(i).q1), tooltip: { show: false } },
        { name: t('risk.iqr'), type: 'bar', stack: 'iqr', itemStyle: { color: '#aed6f1' }, data: withRef.map((i) => q(i).q3 - q(i).q1) },
        { name: t('risk.median'), type: 'scatter', symbol: 'rect', symbolSize: [4, 24], itemStyle: { color: '#1f618d' }, data: withRef.map((i) => q(i).median) },
        { name: t('risk.declared'), type: 'scatter', symbolSize: 14, itemStyle: { color: '#c0392b' }, data: withRef.map((i) => i.unit_value ?? null) },
      ],
    };
  }, [withRef, t]);
  return (
    <>
      {withRef.length > 0 && <EChart option={option} height={80 + withRef.length * 48} label={t('risk.valuation')} />}
      <ul className="small">
        {items.map((i) => (
          <li key={i.seq}>
            #{i.seq} <span className="mono">{i.hs}</span> {i.origin}:{' '}
            {'median' in i.valuation
              ? t('risk.valuationLine', {
                  ratio: formatNumber(i.valuation.ratio, 2),
                  n: i.valuation.observations,
                  basis: i.valuation.basis,
                }) + (i.valuation.undervalued ? ` — ${t('risk.undervalued')}` : '')
              : t('risk.noReference', { n: i.valuation.observations })}
          </li>
        ))}
      </ul>
    </>
  );
}
