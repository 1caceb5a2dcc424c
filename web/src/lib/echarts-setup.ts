/**
 * ECharts with only what the app draws (bar, line, pie; grid, tooltip, legend, title; canvas).
 * Never import this statically: components/Chart.tsx loads it with import() so it stays out of
 * the shell and out of pages that do not chart.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, MarkLineComponent, DatasetComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, MarkLineComponent, DatasetComponent, CanvasRenderer]);

export { echarts };
