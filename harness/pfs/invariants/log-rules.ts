// Evidence over trust: when a console log and the capture both say who was root for a
// file, they must agree (design.md rule 3).
import type { Rule } from './context.ts';
import { violation } from './context.ts';

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
