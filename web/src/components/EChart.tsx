// A thin React wrapper over Apache ECharts (tree-shaken: only the charts and components used).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
// Namespace imports read statically (charts.BarChart, …) are tree-shaken like named imports, so
// each chart and component is named once, here.
import * as charts from 'echarts/charts';
import * as components from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  charts.BarChart,
  charts.LineChart,
  charts.PieChart,
  charts.CustomChart,
  components.GridComponent,
  components.TooltipComponent,
  components.LegendComponent,
  components.TitleComponent,
  components.DatasetComponent,
  components.MarkLineComponent,
  components.MarkAreaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({ option, height = 280, label }: { option: ChartOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>();

  useEffect(() => {
    if (!ref.current) return;
    // SVG keeps text crisp on phones and lets tests read the labels.
    chart.current = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} className="chart" style={{ height }} role="img" aria-label={label} />;
}
