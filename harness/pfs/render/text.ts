// The human report of an analysis: per-file trees, a roles table, WAN bytes, violations.
import type { AnalysisResult, FileTree, Role } from '../analysis-types.ts';
import { compareIp } from '../../formats/ipv4.ts';
import { untrustedDeep } from '../../io/untrusted-text.ts';

const ROLE_SHORT: Record<Role, string> = {
  root: 'ROOT',
  relay: 'relay',
  leaf: 'leaf',
  'tftp-fallback': 'TFTP!',
  'tftp-only': 'tftp',
  missing: 'MISSING',
};

/**
 * A count with thousands separators, as `n.toLocaleString('en-US')` writes it. Integers are
 * grouped by hand: the first toLocaleString of a process loads ICU's number formatting
 * (~15 ms, a tenth of a whole `analyze`); anything else (fractions, -0, huge) still goes to ICU.
 */
export function withThousands(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(n < 0 ? -n : n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function renderText(result: AnalysisResult): string {
  // Every field may come from evidence (file names from packets, log lines): escaped before it joins our lines.
  const r = untrustedDeep(result);
  const out: string[] = [];
  if (r.inferred.length > 0) out.push('Inferred (no lab description for these facts):', ...r.inferred.map((i) => `  - ${i}`), '');
  out.push(`Files: ${r.files.length}`, '');
  for (const t of r.files) out.push(...renderTree(t), '');
  if (r.files.length > 0) out.push(...renderRoles(r.files), '');
  if (r.logRoots.length > 0) out.push(...renderLogRoots(r), '');
  out.push(...renderWan(r), '');
  if (r.notes.length > 0) out.push('Notes:', ...r.notes.map((n) => `  - ${n}`), '');
  out.push(...renderViolations(r));
  return out.join('\n') + '\n';
}

export function renderTree(tree: FileTree): string[] {
  const t = untrustedDeep(tree);
  const size = t.size === undefined ? 'size unknown' : `${withThousands(t.size)} B`;
  const head = `${t.file}  [${t.subnet}, ${t.model}, ${size}]`;
  if (t.root === undefined) {
    const fetchers = t.tftpFetchers.length > 0 ? `; TFTP: ${t.tftpFetchers.join(', ')}` : '';
    return [head, `  (no root${fetchers})`, ...renderCuts(t), ...renderWhy(t)];
  }
  const kids = new Map<string, { child: string; bytes: number }[]>();
  for (const e of t.edges) kids.set(e.parent, [...(kids.get(e.parent) ?? []), { child: e.child, bytes: e.bytes }]);
  const lines = [head, `  ${t.root} root (from TFTP${t.rootSource === 'log' ? ', per console log only' : ''})`];
  const seen = new Set([t.root]);
  const walk = (parent: string, indent: string): void => {
    const list = (kids.get(parent) ?? []).sort((a, b) => compareIp(a.child, b.child));
    list.forEach((k, i) => {
      const last = i === list.length - 1;
      const loop = seen.has(k.child) ? ' (already in tree: cycle)' : '';
      lines.push(`  ${indent}${last ? '└─' : '├─'} ${k.child} ${t.roles[k.child] ?? ''} ${withThousands(k.bytes)} B${loop}`);
      if (loop) return;
      seen.add(k.child);
      walk(k.child, indent + (last ? '   ' : '│  '));
    });
  };
  walk(t.root, '');
  const outside = Object.entries(t.roles).filter(([ip, role]) => !seen.has(ip) && role !== 'relay' && role !== 'leaf');
  for (const [ip, role] of outside) lines.push(`  ${ip} ${role}`);
  return [...lines, ...renderCuts(t), ...renderWhy(t)];
}

/** What went wrong on the way: transfers cut short, and where their children got the file next. */
function renderCuts(t: FileTree): string[] {
  return t.cutTransfers.map((c) => {
    const of = c.of === undefined ? '' : ` of ${withThousands(c.of)}`;
    return `  cut: ${c.parent} -> ${c.child} cut at ${withThousands(c.bytes)}${of} B, ${clock(c.start)}-${clock(c.end)} (${c.capture} frames ${c.frames[0]}-${c.frames[1]}); ${c.afterwards}`;
  });
}

/** Why the phones that are not plain relays and leaves have their role. */
function renderWhy(t: FileTree): string[] {
  return Object.entries(t.roles)
    .filter(([, role]) => role !== 'relay' && role !== 'leaf')
    .map(([ip, role]) => `  why ${ip} ${role}: ${t.roleReasons[ip] ?? ''}`);
}

function clock(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString().slice(11, 23);
}

function renderRoles(files: FileTree[]): string[] {
  const phones = [...new Set(files.flatMap((f) => Object.keys(f.roles)))].sort(compareIp);
  const header = ['phone', ...files.map((f, i) => `F${i + 1}`)];
  const rows = phones.map((ip) => [ip, ...files.map((f) => (f.roles[ip] ? ROLE_SHORT[f.roles[ip]] : '-'))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    'Roles per file:',
    ...files.map((f, i) => `  F${i + 1} = ${f.file} (${f.subnet}, ${f.model})`),
    '',
    fmt(header),
    ...rows.map(fmt),
  ];
}

function renderLogRoots(r: AnalysisResult): string[] {
  return [
    'Roots named by console logs (HROOT):',
    ...r.logRoots.map((l) => `  ${l.rootIp} root for ${l.file} (${l.model})  [${l.source}:${l.line}]`),
  ];
}

function renderWan(r: AnalysisResult): string[] {
  const lines = ['WAN (bytes fetched from TFTP vs one copy):'];
  for (const l of r.wan.lines) {
    const flag = l.copies > 1.0001 ? `  <- ${l.copies.toFixed(2)} copies` : '';
    lines.push(`  ${l.subnet} ${l.model} ${l.file}: ${withThousands(l.bytes)} / ${withThousands(l.minimum)}${flag}`);
  }
  lines.push(`  total ${withThousands(r.wan.totalBytes)} B, minimum ${withThousands(r.wan.minimumBytes)} B, excess ${withThousands(r.wan.excessBytes)} B`);
  return lines;
}

function renderViolations(r: AnalysisResult): string[] {
  if (r.nothingToAnalyse) {
    const n = r.nothingToAnalyse;
    return [
      'Nothing to analyse (no verdict):',
      ...n.reasons.map((x) => `  - ${x}`),
      ...(n.unreached.length > 0 ? [`Phones of the lab the evidence does not show at all (${n.unreached.length}):`, ...n.unreached.map((p) => `  - ${p}`)] : []),
    ];
  }
  if (r.violations.length === 0) return ['Violations: none'];
  const lines = [`Violations: ${r.violations.length}`];
  for (const v of r.violations) {
    lines.push(`  ${v.code}${v.file ? ` ${v.file}` : ''}: ${v.message}`);
    for (const e of v.evidence) {
      lines.push(e.kind === 'pcap' ? `      pcap ${e.capture} frame(s) ${e.frames.join(', ')}` : `      log ${e.source} line(s) ${e.lines.join(', ')}`);
    }
  }
  return lines;
}
