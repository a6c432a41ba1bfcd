// Charts of upgrade time against phones, both methods, drawn by Vega-Lite and rendered to SVG
// by vega's own headless renderer (no browser, no canvas: text widths are vega's estimate).
// The libraries load on first use, so that `pfslab plan` without --svg never loads them.
// Titles and labels (a lab's name, a subnet's) have their control characters escaped here;
// vega's SVG writer escapes markup itself (test/plan/chart.test.ts holds it to that).
import { untrustedField } from '../io/untrusted-text.ts';

export type Method = 'traditional' | 'PFS';

export interface CurvePoint {
  method: Method;
  phones: number;
  seconds: number;
}

export interface ChartPanel {
  title: string;
  /** The model's curves. */
  curves: readonly CurvePoint[];
  /** Measured points, drawn as dots over the curves. */
  measured?: readonly CurvePoint[];
  /** A number of phones to mark (the user's branch), with its label. */
  mark?: { phones: number; label: string };
  /** A line under the title (what a curve means where it is not an estimate). */
  note?: string;
}

const COLORS: Record<Method, string> = { traditional: '#b23b3b', PFS: '#1f6fb2' };

/** One panel's Vega-Lite layers: curves, measured dots, the mark. */
function panelSpec(p: ChartPanel): object {
  const color = {
    field: 'method',
    type: 'nominal',
    title: null,
    scale: { domain: Object.keys(COLORS), range: Object.values(COLORS) },
    legend: { orient: 'bottom', direction: 'horizontal', labelFontSize: 12, symbolSize: 120 },
  };
  const x = { field: 'phones', type: 'quantitative', scale: { type: 'log' }, title: 'phones (log scale)', axis: { grid: true } };
  // Minutes on a log scale: a branch's upgrade spans a minute (PFS, few phones) to hours (traditional, a thousand).
  const y = { field: 'minutes', type: 'quantitative', scale: { type: 'log' }, title: 'last phone on target (min, log scale)', axis: { grid: true } };
  const layers: object[] = [
    {
      data: { values: p.curves.map((c) => ({ ...c, minutes: c.seconds / 60, kind: 'predicted' })) },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, strokeDash: { value: [1, 0] } },
    },
  ];
  if (p.measured && p.measured.length > 0) {
    layers.push({
      data: { values: p.measured.map((c) => ({ ...c, minutes: c.seconds / 60, kind: 'measured' })) },
      mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: 'white', strokeWidth: 1.5 },
      encoding: { x, y, color, shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['measured'], range: ['circle'] }, legend: { orient: 'bottom', labelFontSize: 12 } } },
    });
  }
  if (p.mark) {
    layers.push({
      data: { values: [{ phones: p.mark.phones, label: untrustedField(p.mark.label) }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { x: { ...x, field: 'phones' } } },
        { mark: { type: 'text', align: 'right', dx: -4, fontSize: 11, color: '#222' }, encoding: { x: { ...x, field: 'phones' }, y: { value: 10 }, text: { field: 'label' } } },
      ],
    });
  }
  const subtitle = p.note ? { subtitle: untrustedField(p.note), subtitleFontSize: 11 } : {};
  return { title: { text: untrustedField(p.title), fontSize: 13, anchor: 'start', ...subtitle }, width: 320, height: 220, layer: layers };
}

/** An SVG of one or more panels side by side, one legend below them. */
export async function renderCurvesSvg(panels: readonly ChartPanel[], title?: string): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const charts = panels.map((p) => panelSpec(p));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title: { text: untrustedField(title), fontSize: 15 } } : {}),
    config: { font: 'sans-serif', view: { stroke: '#ccc' }, legend: { labelLimit: 0 } },
    resolve: { scale: { color: 'shared', shape: 'shared' }, legend: { color: 'shared', shape: 'shared' } },
    ...(charts.length === 1 ? (charts[0] as object) : { hconcat: charts }),
  };
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
