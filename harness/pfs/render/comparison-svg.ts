// A small bar chart comparing upgrade runs (traditional vs PFS): WAN bytes and wall time side
// by side, one bar per run. Hand-written SVG: two groups of bars need no charting library,
// and the file must render without scripts inside the Allure report.
import { xmlText } from '../../io/untrusted-text.ts';

export interface ComparedRun {
  label: string;
  wanBytes: number;
  seconds: number;
}

const W = 560;
const H = 260;
const COLORS = ['#8c8c8c', '#2e7d32', '#1565c0', '#ef6c00'];

export function renderComparisonSvg(title: string, runs: readonly ComparedRun[]): string {
  const panels = [
    { name: 'WAN traffic (MiB)', value: (r: ComparedRun) => r.wanBytes / 1048576, fmt: (v: number) => v.toFixed(2) },
    { name: 'upgrade time (s)', value: (r: ComparedRun) => r.seconds, fmt: (v: number) => v.toFixed(1) },
  ];
  const panelW = W / panels.length;
  const top = 50;
  const bottom = H - 40;
  const parts: string[] = [];
  panels.forEach((panel, i) => {
    const x0 = i * panelW + 30;
    const max = Math.max(...runs.map(panel.value), 1e-9);
    const barW = Math.min(60, (panelW - 60) / Math.max(runs.length, 1) - 10);
    parts.push(`<text x="${x0 + (panelW - 60) / 2}" y="${top - 12}" text-anchor="middle" font-size="13">${esc(panel.name)}</text>`);
    parts.push(`<line x1="${x0}" y1="${bottom}" x2="${x0 + panelW - 60}" y2="${bottom}" stroke="#333"/>`);
    runs.forEach((r, j) => {
      const v = panel.value(r);
      const h = Math.max(1, ((bottom - top) * v) / max);
      const x = x0 + 10 + j * (barW + 10);
      parts.push(`<rect x="${x}" y="${bottom - h}" width="${barW}" height="${h}" fill="${COLORS[j % COLORS.length]}"><title>${esc(r.label)}: ${panel.fmt(v)}</title></rect>`);
      parts.push(`<text x="${x + barW / 2}" y="${bottom - h - 4}" text-anchor="middle" font-size="11">${panel.fmt(v)}</text>`);
    });
  });
  const legend = runs.map((r, j) => `<rect x="${20 + j * 200}" y="${H - 22}" width="12" height="12" fill="${COLORS[j % COLORS.length]}"/><text x="${36 + j * 200}" y="${H - 12}" font-size="12">${esc(r.label)}</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="${W / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>` +
    parts.join('') +
    legend.join('') +
    '</svg>\n'
  );
}

function esc(s: string): string {
  return xmlText(s);
}
