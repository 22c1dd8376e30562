/**
 * Drawing a ChartSpec with Chart.js 4 (canvas). Only the pieces used are registered (tree-shaken by esbuild), and
 * this module is imported on demand, so Chart.js is fetched when the statistics are first shown, not with the viewer.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartHandle, ChartSpec } from './statistics';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

// readable on OHIF's dark background, and distinguishable by more than hue (lines also differ in dash)
const COLOURS = ['#5acce6', '#ffb74d', '#7bd88f', '#f48fb1', '#b39ddb', '#fff176', '#80cbc4', '#ff8a65'];
const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

function config(spec: ChartSpec): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const grid = { color: '#1f3a52' };
  const ticks = { color: '#9ab0c4' };
  return {
    type: spec.kind,
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((series, index) => {
        const colour = series.reference?.colour ?? COLOURS[index % COLOURS.length]!;
        const kind = series.kind ?? spec.kind;
        if (series.reference) {
          // a threshold: a thin dashed line without points, drawn over the data
          return {
            type: 'line' as const,
            label: series.label,
            data: [...series.values],
            backgroundColor: colour,
            borderColor: colour,
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
            spanGaps: true,
            order: -1,
          };
        }
        return {
          type: kind,
          label: series.label,
          data: [...series.values],
          backgroundColor: colour,
          borderColor: colour,
          borderDash: kind === 'line' ? DASHES[index % DASHES.length]! : [],
          spanGaps: true,
          pointRadius: 3,
          maxBarThickness: 64,
          order: kind === 'line' ? 0 : 1,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { grid, ticks },
        y: {
          min: 0,
          max: spec.max ?? 100,
          grid,
          ticks: { ...ticks, callback: (value) => `${value}${spec.unit ?? '%'}` },
          title: { display: true, text: spec.valueLabel, color: '#9ab0c4' },
        },
      },
      plugins: {
        legend: { display: spec.legend ?? spec.kind === 'line', labels: { color: '#d6e4f0' } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${item.formattedValue}${spec.unit ?? '%'}` } },
      },
    },
  };
}

export function renderWithChartJs(canvas: HTMLCanvasElement, spec: ChartSpec): ChartHandle {
  let chart = new Chart(canvas, config(spec));
  let kind = spec.kind;
  return {
    update(next) {
      if (next.kind !== kind) {
        chart.destroy();
        chart = new Chart(canvas, config(next));
        kind = next.kind;
        return;
      }
      const { data } = config(next);
      chart.data = data;
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
