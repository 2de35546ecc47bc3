// ECharts options of the risk and clearance dashboards, built from the reports as the API gives
// them (nothing is recomputed here but labels). Labels come in translated from the caller.
import type { ClearanceFigures, ClearanceLane, ClearanceReport, CriterionTally, RiskReport, SelectionSource } from '../../api/officerTypes';
import { LANES } from '../../api/types';
import type { ChartOption } from '../../components/EChart';
import { formatPercent } from '../../format';
import { laneLabel } from '../../i18n/dynamic';

export const LANE_COLOURS = { green: '#27ae60', blue: '#2e86c1', yellow: '#f1c40f', red: '#c0392b', undecided: '#95a5a6' } as const;
const SOURCE_COLOURS: Record<SelectionSource, string> = { rule: '#145da0', model: '#8e44ad', random: '#7f8c8d', none: '#27ae60' };
/** The one criterion drawn over time beside the sources. */
const CRITERION_COLOUR = '#d35400';

const percentAxis = { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } };

export function laneMixOption(r: RiskReport): ChartOption {
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

export function byDayOption(r: RiskReport): ChartOption {
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

export interface RateRow {
  name: string;
  rate: number | null;
  inspected: number;
}

/** Hit rates as bars, with the number inspected in the label (a rate of 1 of 1 says little). */
export function hitRateOption(rows: RateRow[], axisName: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    xAxis: { ...percentAxis, name: axisName, nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 220, overflow: 'truncate' } },
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

/** Each day's hit rate of the criteria, the model and random selection (a day without inspections
 *  has no rate: the line bridges it, and points mark the days that have one). The tooltip gives
 *  hits of inspected, since a rate of 1 of 1 says little. With `criterion`, that criterion's own
 *  rate on the days it selected declarations is drawn too (`criterionName` in the legend). */
export function hitRateOverTimeOption(
  r: RiskReport,
  names: Record<'rule' | 'model' | 'random', string>,
  criterion?: { tally: CriterionTally; name: string },
): ChartOption {
  const sources = ['rule', 'model', 'random'] as const;
  interface Point {
    value: number | null;
    hits: number;
    inspected: number;
  }
  interface TooltipParam {
    axisValueLabel: string;
    marker: string;
    seriesName: string;
    data: Point | null;
  }
  // The report's days, and any day the criterion has that they lack (they should be the same).
  const days = [...new Set([...r.hits_by_day.map((d) => d.day), ...(criterion?.tally.by_day.map((d) => d.day) ?? [])])].sort();
  const byDay = new Map(r.hits_by_day.map((d) => [d.day, d]));
  const none: Point = { value: null, hits: 0, inspected: 0 };
  const series: Record<string, unknown>[] = sources.map((s) => ({
    name: names[s],
    type: 'line',
    connectNulls: true,
    showSymbol: true,
    showAllSymbol: true, // days are sparse: every day with a rate gets its point
    symbolSize: 8,
    lineStyle: s === 'random' ? { type: 'dashed' } : undefined,
    itemStyle: { color: SOURCE_COLOURS[s] },
    data: days.map((day): Point => {
      const d = byDay.get(day);
      return d ? { value: d[s].hit_rate, hits: d[s].hits, inspected: d[s].inspected } : none;
    }),
  }));
  if (criterion) {
    const own = new Map(criterion.tally.by_day.map((d) => [d.day, d]));
    series.push({
      name: criterion.name,
      type: 'line',
      connectNulls: true,
      showSymbol: true,
      showAllSymbol: true,
      symbol: 'diamond',
      symbolSize: 11,
      lineStyle: { width: 3 },
      itemStyle: { color: CRITERION_COLOUR },
      z: 5,
      data: days.map((day): Point => {
        const d = own.get(day);
        return d ? { value: d.hit_rate, hits: d.hits, inspected: d.inspected } : none;
      }),
    });
  }
  return {
    // Drawn at once: a criterion chosen in the table appears without a sweep across the days.
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (ps: TooltipParam[]) =>
        [
          ps[0]?.axisValueLabel ?? '',
          ...ps.filter((p) => p.data).map((p) => `${p.marker}${p.seriesName}: ${formatPercent(p.data!.value)} (${p.data!.hits}/${p.data!.inspected})`),
        ].join('<br/>'),
    },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: days },
    yAxis: percentAxis,
    series,
  };
}

export const CLEARANCE_LANES: readonly ClearanceLane[] = ['green', 'blue', 'yellow', 'red', 'undecided'];

export function clearanceLaneLabel(l: ClearanceLane): string {
  return l === 'undecided' ? laneLabel(null) : laneLabel(l);
}

/** The waiting-time histogram, one stacked bar per lane (the stack is the total). */
export function clearanceOption(r: ClearanceReport, bucketLabel: (upTo: number | null, previous: number | null) => string, axisName: string): ChartOption {
  const buckets = r.total.histogram;
  const labels = buckets.map((b, i) => bucketLabel(b.up_to_s, i > 0 ? buckets[i - 1]!.up_to_s : null));
  const lanes = CLEARANCE_LANES.filter((l) => r.lanes[l]);
  const countsOf = (f: ClearanceFigures) => buckets.map((b) => f.histogram.find((h) => h.up_to_s === b.up_to_s)?.released ?? 0);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 24, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: labels, name: axisName, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', minInterval: 1 },
    series: lanes.map((l) => ({
      name: clearanceLaneLabel(l),
      type: 'bar',
      stack: 'lanes',
      itemStyle: { color: LANE_COLOURS[l] },
      data: countsOf(r.lanes[l]!),
    })),
  };
}
