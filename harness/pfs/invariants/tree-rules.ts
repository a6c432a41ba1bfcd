// Rules about the shape of one file's hierarchy: one TFTP fetch, one root, a binary tree
// that reaches every phone (pfs-reference §2.2, §2.3).
import type { Violation } from '../analysis-types.ts';
import type { Rule } from './context.ts';
import { edgeEvidence, framesEvidence, violation } from './context.ts';

/** More than one PFS phone of one model fetched the same file from TFTP in one subnet. */
export const multipleTftpFetch: Rule = ({ groups, dir }) =>
  groups.flatMap(({ tree, fetches }) => {
    const pfsFetches = fetches.filter((f) => dir.phones.get(f.phone)?.pfsActive);
    const phones = [...new Set(pfsFetches.map((f) => f.phone))];
    if (phones.length < 2) return [];
    return [
      violation('MULTIPLE_TFTP_FETCH', tree, phones, `${phones.length} PFS phones fetched ${tree.file} from TFTP; PFS allows one per model per subnet`, framesEvidence(pfsFetches)),
    ];
  });

/** A parent with more than two children for one file. */
export const fanoutExceeded: Rule = ({ groups }) =>
  groups.flatMap(({ tree, edges }) => {
    const kids = new Map<string, Set<string>>();
    for (const e of edges) kids.set(e.parent, (kids.get(e.parent) ?? new Set()).add(e.child));
    return [...kids]
      .filter(([, c]) => c.size > 2)
      .map(([parent, c]) =>
        violation('FANOUT_EXCEEDED', tree, [parent, ...c], `${parent} fed ${tree.file} to ${c.size} children; at most two are allowed`, edgeEvidence(edges.filter((e) => e.parent === parent))),
      );
  });

/** A child fed by two parents, or parents that feed each other in a cycle. */
export const notATree: Rule = ({ groups }) =>
  groups.flatMap(({ tree, edges }) => {
    const out: Violation[] = [];
    const parents = new Map<string, Set<string>>();
    for (const e of edges) parents.set(e.child, (parents.get(e.child) ?? new Set()).add(e.parent));
    for (const [child, ps] of parents) {
      if (ps.size > 1) {
        out.push(violation('NOT_A_TREE', tree, [child, ...ps], `${child} received ${tree.file} from ${ps.size} parents: ${[...ps].join(', ')}`, edgeEvidence(edges.filter((e) => e.child === child))));
      }
    }
    const reported = new Set<string>();
    for (const start of parents.keys()) {
      const path: string[] = [];
      let node: string | undefined = start;
      while (node !== undefined && !path.includes(node)) {
        path.push(node);
        node = [...(parents.get(node) ?? [])][0];
      }
      if (node === undefined) continue;
      const cycle = path.slice(path.indexOf(node));
      const key = [...cycle].sort().join(',');
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(violation('NOT_A_TREE', tree, cycle, `${tree.file} went round a cycle: ${[...cycle, node].join(' -> ')}`, edgeEvidence(edges.filter((e) => cycle.includes(e.child)))));
    }
    return out;
  });

/**
 * More than one root for one file on the wire: several phones fetched it whole from TFTP
 * with no parent before their fetch, and each fed children (in capture order; a phone that
 * had a parent or a peer copy first and fetched from TFTP afterwards is a fallback, not a
 * root). Roots named by console logs are judged by logRoots (log-rules.ts).
 */
export const multipleRoots: Rule = ({ groups }) =>
  groups.flatMap(({ tree, fetches, logRoots, wireRoots }) => {
    if (wireRoots.length < 2) return [];
    const evidence = [
      ...framesEvidence(fetches.filter((f) => wireRoots.includes(f.phone) && f.complete)),
      ...logRoots.map((r) => ({ kind: 'log' as const, source: r.source, lines: [r.line] })),
    ];
    return [
      violation('MULTIPLE_ROOTS', tree, wireRoots, `${wireRoots.length} phones fetched ${tree.file} from TFTP with no parent before it and fed children: ${wireRoots.join(', ')}`, evidence),
    ];
  });

/** A phone that should have the file got no whole copy, by PFS or TFTP. */
export const phoneNotReached: Rule = ({ groups, allEdges }) =>
  groups.flatMap(({ tree, fetches }) => {
    const missing = Object.entries(tree.roles)
      .filter(([, role]) => role === 'missing')
      .map(([ip]) => ip);
    if (missing.length === 0) return [];
    // What the phones did get (partial copies) is the evidence; none at all says so in the message.
    const partial = allEdges.filter((e) => !e.complete && missing.includes(e.child));
    const tries = fetches.filter((f) => missing.includes(f.phone));
    return missing.map((ip) =>
      violation('PHONE_NOT_REACHED', tree, [ip], `${ip} never received a whole copy of ${tree.file}`, [
        ...edgeEvidence(partial.filter((e) => e.child === ip)),
        ...framesEvidence(tries.filter((f) => f.phone === ip)),
      ]),
    );
  });
