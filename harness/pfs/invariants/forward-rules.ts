// Rules about each hop: store-and-forward of whole files, and no feeding across models
// (pfs-reference §2.2 and §2.5).
import type { Violation } from '../analysis-types.ts';
import type { GroupWork } from '../reconstruct.ts';
import type { Rule } from './context.ts';
import { edgeEvidence, framesEvidence, violation } from './context.ts';
import { phoneOf } from '../reconstruct.ts';

/** A child fed by a parent of another model. */
export const crossModel: Rule = ({ groups, dir }) =>
  groups.flatMap(({ tree, edges }) =>
    edges
      .filter((e) => phoneOf(dir, e.parent).model !== tree.model)
      .map((e) =>
        violation('CROSS_MODEL', tree, [e.parent, e.child], `${e.child} (${tree.model}) received ${tree.file} from ${e.parent} (${phoneOf(dir, e.parent).model})`, edgeEvidence([e])),
      ),
  );

/**
 * A parent that began forwarding a file before it had all of it. When it had the file is
 * known from its own copy: the last data block of its TFTP fetch, or the last byte of the
 * edge that fed it. A parent whose own copy the capture shows cut short also counts.
 */
export const incompleteForward: Rule = ({ groups, allEdges }) =>
  groups.flatMap((g) => {
    const out: Violation[] = [];
    for (const e of g.edges) {
      const had = whenParentHadFile(g, allEdges, e.parent);
      if (had === 'unknown' || e.firstPayload === undefined) continue;
      if (had === 'never' || e.firstPayload < had.time) {
        const when = had === 'never' ? 'it never had the whole file' : `it had the whole file ${(had.time - e.firstPayload).toFixed(3)} s later`;
        out.push(
          violation('INCOMPLETE_FORWARD', g.tree, [e.parent, e.child], `${e.parent} began sending ${g.tree.file} to ${e.child} before it had all of it (${when})`, [
            ...edgeEvidence([e]),
            ...(had === 'never' ? [] : had.evidence),
          ]),
        );
      }
    }
    return out;
  });

type Had = { time: number; evidence: Violation['evidence'] } | 'never' | 'unknown';

function whenParentHadFile(g: GroupWork, allEdges: GroupWork['edges'], parent: string): Had {
  const times: { time: number; evidence: Violation['evidence'] }[] = [];
  for (const f of g.fetches) {
    if (f.phone === parent && f.haveTime !== undefined) times.push({ time: f.haveTime, evidence: framesEvidence([f]) });
  }
  for (const e of g.edges) {
    if (e.child === parent && e.lastPayload !== undefined) times.push({ time: e.lastPayload, evidence: edgeEvidence([e]) });
  }
  if (times.length > 0) return times.reduce((a, b) => (b.time < a.time ? b : a));
  const triedAndFailed = g.fetches.some((f) => f.phone === parent) || allEdges.some((e) => e.child === parent && e.file === undefined && !e.complete);
  return triedAndFailed ? 'never' : 'unknown';
}
