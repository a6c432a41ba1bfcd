// A bar chart comparing upgrade runs (traditional vs PFS): WAN traffic and wall time side by
// side, one bar per run, its value above it, one legend below. Drawn by Vega-Lite, rendered to
// SVG by vega's headless renderer (no scripts: it shows inside the Allure report as it is).
// It replaced a hand-placed SVG whose legend labels were drawn over each other.
import { untrustedField } from '../../io/untrusted-text.ts';

export interface ComparedRun {
  label: string;
  wanBytes: number;
  seconds: number;
}

const COLORS = ['#8c8c8c', '#2e7d32', '#1565c0', '#ef6c00'];

export async function renderComparisonSvg(title: string, runs: readonly ComparedRun[]): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const labels = runs.map((r) => untrustedField(r.label));
  const panel = (metric: string, value: (r: ComparedRun) => number, format: string) => ({
    title: { text: metric, fontSize: 13 },
    width: 220,
    height: 180,
    data: { values: runs.map((r, i) => ({ run: labels[i], value: value(r) })) },
    encoding: {
      x: { field: 'run', type: 'nominal', sort: labels, axis: null },
      y: { field: 'value', type: 'quantitative', title: null, scale: { nice: true }, axis: { grid: true } },
    },
    layer: [
      {
        mark: { type: 'bar', width: 50 },
        encoding: {
          color: { field: 'run', type: 'nominal', title: null, sort: labels, scale: { domain: labels, range: COLORS.slice(0, Math.max(1, labels.length)) }, legend: { orient: 'bottom', direction: 'vertical', labelFontSize: 12, labelLimit: 0 } },
        },
      },
      { mark: { type: 'text', dy: -6, fontSize: 11 }, encoding: { text: { field: 'value', type: 'quantitative', format } } },
    ],
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: untrustedField(title), fontSize: 15 },
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 0 } },
    resolve: { legend: { color: 'shared' } },
    hconcat: [panel('WAN traffic (MiB)', (r) => r.wanBytes / 1048576, '.2f'), panel('upgrade time (s)', (r) => r.seconds, '.1f')],
  };
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}
