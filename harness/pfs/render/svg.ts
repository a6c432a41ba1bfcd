// Per-file tree pictures. Layout is elkjs's layered algorithm (a library does this well;
// we only draw boxes and the edge routes it computes).
import { createHash } from 'node:crypto';
import { xmlText } from '../../io/untrusted-text.ts';
import { createRequire } from 'node:module';
import type { ELK as ElkLayouter, ELKConstructorArguments, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { FileTree, Role } from '../analysis-types.ts';

// elkjs is CommonJS whose typings declare an ES default export; require() gets the
// constructor the typings describe without an interop cast.
const ELK = createRequire(import.meta.url)('elkjs/lib/elk.bundled.js') as new (args?: ELKConstructorArguments) => ElkLayouter;

const NODE_W = 150;
const NODE_H = 44;
const FILL: Record<Role, string> = {
  root: '#1f6feb',
  relay: '#2da44e',
  leaf: '#8ccf9a',
  'tftp-fallback': '#d29922',
  'tftp-only': '#bbbbbb',
  missing: '#cf222e',
};

const esc = xmlText;
/** Longest generated name part: file names come from packets, and names past 255 bytes fail (ENAMETOOLONG). */
const MAX_NAME = 120;
const CUT_PREFIX = 'cut';
const num = (n: number): string => n.toLocaleString('en-US');

export async function renderTreeSvg(t: FileTree): Promise<string> {
  const ids = Object.keys(t.roles);
  const graph: ElkNode = {
    id: 'tree',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
    },
    children: ids.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: [
      ...t.edges
        .filter((e) => ids.includes(e.parent) && ids.includes(e.child))
        .map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.parent], targets: [e.child], labels: [{ id: `l${i}`, text: `${e.bytes} B`, width: 80, height: 14 }] })),
      // Cut transfers: dashed, labelled with how far they got.
      ...t.cutTransfers
        .filter((c) => ids.includes(c.parent) && ids.includes(c.child))
        .map((c, i): ElkExtendedEdge => {
          const text = `cut: ${num(c.bytes)}${c.of === undefined ? '' : ` of ${num(c.of)}`} B`;
          return { id: `${CUT_PREFIX}${i}`, sources: [c.parent], targets: [c.child], labels: [{ id: `cl${i}`, text, width: 7 * text.length, height: 14 }] };
        }),
    ],
  };
  const laid = await new ELK().layout(graph);
  const pad = 16;
  const title = 28;
  const w = (laid.width ?? 0) + 2 * pad;
  const h = (laid.height ?? 0) + 2 * pad + title;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(`${t.file} (${t.subnet}, ${t.model})`)}</title>`,
    `<text x="${pad}" y="20" font-weight="bold">${esc(`${t.file}: ${t.subnet}, ${t.model}`)}</text>`,
    `<g transform="translate(${pad},${pad + title})">`,
  ];
  for (const e of laid.edges ?? []) {
    const cut = e.id.startsWith(CUT_PREFIX);
    const color = cut ? '#cf222e' : '#555';
    for (const s of e.sections ?? []) {
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => `${p.x},${p.y}`).join(' ');
      parts.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.5"${cut ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow)"/>`);
    }
    for (const l of e.labels ?? []) parts.push(`<text x="${l.x ?? 0}" y="${(l.y ?? 0) + 11}" fill="${color}" font-size="10">${esc(l.text ?? '')}</text>`);
  }
  for (const n of laid.children ?? []) {
    const role = t.roles[n.id] ?? 'leaf';
    parts.push(
      `<g transform="translate(${n.x ?? 0},${n.y ?? 0})"><rect width="${NODE_W}" height="${NODE_H}" rx="6" fill="${FILL[role]}" stroke="#333"/>`,
      `<text x="${NODE_W / 2}" y="18" text-anchor="middle">${esc(n.id)}</text>`,
      `<text x="${NODE_W / 2}" y="34" text-anchor="middle" font-size="10">${esc(role)}</text></g>`,
    );
  }
  parts.push('</g>', '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>', '</svg>');
  return parts.join('\n') + '\n';
}

/**
 * A file name for a tree's picture that is safe on every file system: only [A-Za-z0-9._-],
 * and bounded; a name cut short keeps a hash of the whole, so two long names stay two files.
 */
export function svgFileName(t: FileTree): string {
  const raw = `${t.subnet}_${t.model}_${t.file}`;
  const safe = raw.replace(/[^A-Za-z0-9._-]+/g, '_');
  if (safe.length <= MAX_NAME) return `${safe}.svg`;
  return `${safe.slice(0, MAX_NAME)}_${createHash('sha256').update(raw).digest('hex').slice(0, 12)}.svg`;
}
