// Evidence over trust: when a console log and the capture both say who was root for a
// file, they must agree (design.md rule 3).
import type { Rule } from './context.ts';
import { violation } from './context.ts';
import { compareIp } from '../../formats/ipv4.ts';
import { phoneOf } from '../reconstruct.ts';

export const logPcapDisagree: Rule = ({ groups }) =>
  groups.flatMap(({ tree, logRoots }) => {
    if (tree.root === undefined || tree.rootSource === 'log') return [];
    const others = logRoots.filter((r) => r.rootIp !== tree.root);
    if (others.length === 0) return [];
    const named = [...new Set(others.map((r) => r.rootIp))];
    return [
      violation('LOG_PCAP_DISAGREE', tree, [tree.root, ...named], `the capture shows ${tree.root} as root for ${tree.file}; console logs name ${named.join(', ')}`, [
        ...others.map((r) => ({ kind: 'log' as const, source: r.source, lines: [r.line] })),
      ]),
    ];
  });

/**
 * Two roots named by console logs for the same file (a `.loads` root line covers that load's
 * files, so two phones each logged as root for one `.loads` are two roots for all of them),
 * of one model (the line's m= field) in one subnet (the root's address): MULTIPLE_ROOTS from
 * the logs alone, whether or not a capture exists.
 */
export const multipleLogRoots: Rule = ({ logRoots, dir }) => {
  const byKey = new Map<string, typeof logRoots>();
  for (const r of logRoots) {
    const key = `${phoneOf(dir, r.rootIp).subnet}\u0000${r.model}\u0000${r.file}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  return [...byKey.values()].flatMap((roots) => {
    const ips = [...new Set(roots.map((r) => r.rootIp))].sort(compareIp);
    const first = roots[0];
    if (ips.length < 2 || first === undefined) return [];
    const tree = { file: first.file, subnet: phoneOf(dir, first.rootIp).subnet, model: first.model };
    return [
      violation('MULTIPLE_ROOTS', tree, ips, `console logs name ${ips.length} roots for ${first.file} (${first.model}, ${tree.subnet}): ${ips.join(', ')}`, [
        ...roots.map((r) => ({ kind: 'log' as const, source: r.source, lines: [r.line] })),
      ]),
    ];
  });
};
