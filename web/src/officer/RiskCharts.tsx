// The charts of the risk explanation: the model's strongest contributions to the riskiest item's
// score, and an item's declared unit value against its commodity's reference distribution.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getReferenceUnitValues } from '../api/endpoints';
import type { ModelExplanation, RiskDecisionItem } from '../api/types';
import { EChart, type ChartOption } from '../components/EChart';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatNumber } from '../format';
import { featureLabel } from '../i18n/dynamic';
import { useAsync } from '../hooks/useAsync';
import { unitValueOption } from './unitValueOption';

export function ContributionsChart({ explanation }: { explanation: ModelExplanation }) {
  const { t } = useTranslation();
  const top = explanation.top ?? [];
  const option = useMemo<ChartOption>(() => {
    // Smallest at the bottom so that the strongest factor reads first.
    const rows = [...top].reverse();
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: t('risk.logOdds'), nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: rows.map((r) => `${featureLabel(r.feature)} = ${r.value === null ? '∅' : formatNumber(r.value, 3)}`) },
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
    <div data-testid="contributions">
      <p className="muted small">
        {t('risk.explainedItem', { item: explanation.item ?? '?', score: formatNumber(explanation.score ?? null, 3), base: formatNumber(explanation.base ?? null, 3) })}
      </p>
      <EChart option={option} height={60 + top.length * 34} label={t('risk.contributions')} />
      <details>
        <summary className="small">{t('risk.asTable')}</summary>
        <div className="table-scroll">
          <table className="small" data-testid="contributions-table">
            <thead>
              <tr>
                <th>{t('risk.feature')}</th>
                <th />
                <th className="num">{t('risk.featureValue')}</th>
                <th className="num">{t('risk.contribution')}</th>
              </tr>
            </thead>
            <tbody>
              {top.map((r) => (
                <tr key={r.feature}>
                  <td data-testid="feature-words">{featureLabel(r.feature)}</td>
                  <td className="mono muted">{r.feature}</td>
                  <td className="num">{r.value === null ? '—' : formatNumber(r.value, 3)}</td>
                  <td className="num">{(r.contribution >= 0 ? '+' : '') + r.contribution.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

/** The item to show first: undervalued or furthest below the median, else the model's item. */
function firstItem(items: RiskDecisionItem[], explained?: number): RiskDecisionItem | undefined {
  const ratio = (i: RiskDecisionItem) => ('ratio' in i.valuation && i.valuation.ratio !== null ? i.valuation.ratio : Infinity);
  const flagged = items.filter((i) => 'undervalued' in i.valuation && i.valuation.undervalued);
  const pool = flagged.length ? flagged : items;
  const lowest = [...pool].sort((a, b) => ratio(a) - ratio(b))[0];
  if (lowest && ratio(lowest) !== Infinity) return lowest;
  return items.find((i) => i.seq === explained) ?? items[0];
}

export function ValuationPanel({ items, explainedItem }: { items: RiskDecisionItem[]; explainedItem?: number }) {
  const { t } = useTranslation();
  const charted = items.filter((i) => i.valuation.observations > 0 && /^\d{6}$/.test(i.hs));
  const [seq, setSeq] = useState(() => firstItem(charted, explainedItem)?.seq);
  const item = charted.find((i) => i.seq === seq) ?? charted[0];
  return (
    <>
      {charted.length > 1 && (
        <div className="field">
          <label htmlFor="uv-item">{t('risk.itemToChart')}</label>
          <select id="uv-item" value={item?.seq} onChange={(e) => setSeq(Number(e.target.value))}>
            {charted.map((i) => (
              <option key={i.seq} value={i.seq}>
                #{i.seq} {i.hs} {i.origin}
              </option>
            ))}
          </select>
        </div>
      )}
      {item && <UnitValueChart key={item.seq} item={item} />}
      <ul className="small">
        {items.map((i) => (
          <li key={i.seq}>
            #{i.seq} <span className="mono">{i.hs}</span> {i.origin}
            {i.unit_value !== undefined && `, ${t('risk.declaredValue', { value: formatNumber(i.unit_value, 0) })}`}:{' '}
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

function UnitValueChart({ item }: { item: RiskDecisionItem }) {
  const { t } = useTranslation();
  const ref = useAsync((s) => getReferenceUnitValues(item.hs, item.origin, 20, s), [item.hs, item.origin]);
  const r = ref.data;
  const option = useMemo(
    () =>
      r && r.histogram.length > 0
        ? unitValueOption(r, item.unit_value, {
            declared: t('risk.declared'),
            median: t('risk.median'),
            iqr: t('risk.iqr'),
            count: t('risk.declarationsAxis'),
            axis: t('risk.unitValueAxisCurrency', { currency: r.currency, unit: r.unit }),
          })
        : undefined,
    [r, item.unit_value, t],
  );
  if (ref.error) return <ErrorBox error={ref.error} onRetry={ref.reload} />;
  if (!r) return <Loading />;
  return (
    <figure className="chart-figure" data-testid="unit-value-chart" data-item={item.seq} data-observations={r.observations} data-median={r.median ?? ''}>
      {option ? <EChart option={option} height={260} label={t('risk.valuationChartLabel', { item: item.seq })} /> : null}
      <figcaption className="muted small">
        {r.basis
          ? t('risk.referenceCaption', {
              n: r.observations,
              days: r.days,
              basis: r.basis,
              q1: formatNumber(r.q1, 0),
              median: formatNumber(r.median, 0),
              q3: formatNumber(r.q3, 0),
              currency: r.currency,
            })
          : t('risk.referenceTooFew', { n: r.observations, days: r.days })}
      </figcaption>
    </figure>
  );
}
