// Aliases in a lab file, checked before the document is turned into data: an alias to an
// anchor that is not defined (before it), an alias inside its own anchor (a cycle), and
// alias bombs (a few lines that expand to millions of nodes). The `yaml` package refuses the
// last two itself in toJS (maxAliasCount), but with an exception that names no place; here
// each is an issue at the alias's line:col, and the expanded size is bounded on its own.
import type { Document, LineCounter, Node } from 'yaml';
import { isAlias, isCollection, isPair, isScalar, visit } from 'yaml';
import type { LabIssue } from './errors.ts';

/** Nodes the whole document may expand to (a lab of 500 phones is ~30 000). */
export const MAX_EXPANDED_NODES = 200_000;
/** Aliases a lab file may hold (a 500-phone lab that aliases every console is ~500). */
export const MAX_ALIASES = 2_000;

export function aliasIssues(doc: Document, lines: LineCounter, file: string): LabIssue[] {
  const issues: LabIssue[] = [];
  const at = (node: Node, message: string): LabIssue => {
    const pos = lines.linePos(node.range?.[0] ?? 0);
    return { file, line: pos.line, col: pos.col, path: '', message };
  };
  let aliases = 0;
  visit(doc, {
    Alias(_key, alias) {
      aliases++;
      if (aliases === MAX_ALIASES + 1) issues.push(at(alias, `more than ${MAX_ALIASES} aliases; a lab file needs far fewer`));
      if (alias.resolve(doc) === undefined) issues.push(at(alias, `alias *${alias.source} names no anchor &${alias.source} defined before it`));
    },
  });
  if (issues.length > 0) return issues;

  // Expanded size, memoised per node; a node met again while being sized is a cycle.
  const sizes = new Map<unknown, number>();
  const sizing = new Set<unknown>();
  let bomb: LabIssue | undefined;
  const size = (node: unknown): number => {
    if (bomb !== undefined) return 0;
    if (node === null || node === undefined || isScalar(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (sizing.has(node)) {
      bomb = at(node as Node, 'an alias inside its own anchor (a cycle)');
      return 0;
    }
    sizing.add(node);
    let total = 1;
    if (isAlias(node)) {
      total = size(node.resolve(doc));
      if (total > MAX_EXPANDED_NODES && bomb === undefined) {
        bomb = at(node, `alias *${node.source} expands to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb?)`);
      }
    } else if (isCollection(node)) {
      for (const item of node.items) {
        total += isPair(item) ? size(item.key) + size(item.value) : size(item);
        if (total > MAX_EXPANDED_NODES) {
          bomb ??= at(node, `this collection expands to more than ${MAX_EXPANDED_NODES} nodes through the aliases in it (an alias bomb?)`);
          break;
        }
      }
    }
    sizing.delete(node);
    sizes.set(node, total);
    return total;
  };
  const whole = size(doc.contents);
  if (bomb !== undefined) return [bomb];
  if (whole > MAX_EXPANDED_NODES) return [{ file, line: 1, col: 1, path: '', message: `the document expands to more than ${MAX_EXPANDED_NODES} nodes` }];
  return [];
}
