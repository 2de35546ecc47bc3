// The chart of a declared unit value against its commodity's reference distribution
// (GET /v1/reference/unit-values): the histogram's log-spaced buckets drawn as bars on a
// logarithmic axis, the Q1–Q3 range shaded, and marker lines at the median and the declared value.
import type { UnitValueReference } from '../api/officerTypes';
import type { ChartOption } from '../components/EChart';
import { currentLocale } from '../i18n';

const log10 = Math.log10;

export function formatCompact(v: number): string {
  return new Intl.NumberFormat(currentLocale(), { notation: 'compact', maximumSignificantDigits: 3 }).format(v);
}

/** Readable tick values between lo and hi (> 0): 1-2-5 steps per decade when the range spans
 *  decades, else even linear steps. */
export function niceTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(log10(lo)); k <= Math.ceil(log10(hi)); k++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo && v <= hi) out.push(v);
    }
  if (out.length >= 3) return out.length > 9 ? out.filter((v) => /^1/.test(String(v))) : out;
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) ticks.push(v);
  return ticks;
}

export interface UnitValueLabels {
  declared: string;
  median: string;
  iqr: string;
  count: string;
  axis: string;
}

interface RenderApi {
  value: (dim: number) => number;
  coord: (p: number[]) => number[];
  style: () => Record<string, unknown>;
}

export function unitValueOption(ref: UnitValueReference, declared: number | undefined, labels: UnitValueLabels): ChartOption {
  const buckets = ref.histogram.filter((b) => b.lower > 0 && b.upper > 0);
  const marks = [declared, ref.median].filter((v): v is number => v !== undefined && v !== null && v > 0);
  const lo = Math.min(...buckets.map((b) => b.lower), ...marks);
  const hi = Math.max(...buckets.map((b) => b.upper), ...marks);
  // Pad the range in log space (and give a single value some room).
  const span = Math.max(log10(hi) - log10(lo), 0.2);
  const min = log10(lo) - span * 0.06;
  const max = log10(hi) + span * 0.06;
  const ticks = niceTicks(10 ** min, 10 ** max).map(log10);
  const fmt = (logV: number) => formatCompact(10 ** logV);
  const lines = [
    ...(ref.median !== null && ref.median > 0
      ? [{ name: labels.median, xAxis: log10(ref.median), lineStyle: { color: '#1f618d', type: 'dashed', width: 2 }, label: { color: '#1f618d', position: 'insideEndBottom' } }]
      : []),
    ...(declared !== undefined && declared > 0
      ? [{ name: labels.declared, xAxis: log10(declared), lineStyle: { color: '#c0392b', width: 3, type: 'solid' }, label: { color: '#c0392b', fontWeight: 'bold' } }]
      : []),
  ];
  return {
    grid: { left: 28, right: 24, top: 28, bottom: 36, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesType: string; dataIndex: number; name?: string; value?: number }) => {
        if (p.seriesType !== 'custom') return `${p.name ?? ''}: ${formatCompact(10 ** (p.value ?? 0))}`;
        const b = buckets[p.dataIndex]!;
        return `${formatCompact(b.lower)} – ${formatCompact(b.upper)}: ${b.count}`;
      },
    },
    xAxis: {
      type: 'value',
      min,
      max,
      name: labels.axis,
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { customValues: ticks, formatter: fmt },
      axisTick: { customValues: ticks },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, name: labels.count, nameLocation: 'middle', nameGap: 28 },
    series: [
      {
        type: 'custom',
        name: labels.count,
        encode: { x: [0, 1], y: 2 },
        data: buckets.map((b) => [log10(b.lower), log10(b.upper), b.count]),
        itemStyle: { color: '#85c1e9' },
        renderItem: (_: unknown, api: RenderApi) => {
          const [x0, y0] = api.coord([api.value(0), api.value(2)]) as [number, number];
          const [x1, y1] = api.coord([api.value(1), 0]) as [number, number];
          const width = Math.max(x1 - x0 - 1, 4);
          return { type: 'rect', shape: { x: x1 - x0 - 1 < 4 ? x0 - 2 : x0, y: y0, width, height: y1 - y0 }, style: api.style() };
        },
        markArea:
          ref.q1 !== null && ref.q3 !== null && ref.q1 > 0
            ? { silent: true, itemStyle: { color: 'rgba(31, 97, 141, 0.10)' }, label: { show: true, position: 'top', color: '#1f618d' }, data: [[{ name: labels.iqr, xAxis: log10(ref.q1) }, { xAxis: log10(ref.q3) }]] }
            : undefined,
        markLine: {
          symbol: 'none',
          data: lines,
          // Along the lines, on opposite sides, so that close values do not hide each other's label.
          label: { show: true, position: 'insideEndTop', formatter: (p: { name: string; value: number }) => `${p.name} ${formatCompact(10 ** p.value)}` },
        },
      },
    ],
  };
}
