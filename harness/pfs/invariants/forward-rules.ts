// Rules about each hop: store-and-forward of whole files, and no feeding across models
// (pfs-reference §2.2 and §2.5).
import type { Violation } from '../analysis-types.ts';
import type { FileEdge, FileFetch } from '../copies.ts';
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
 * A parent that began forwarding a file before it had all of it. When it had the file is a
 * fact about the parent, whatever tree or subnet it was fed in: the last data block of any
 * TFTP read of its own, or the last byte of any edge that fed it the file whole. A parent
 * that tried to get the file and never had it whole (a cut copy, an incomplete read) also
 * counts; one of whose copies the evidence shows nothing is not judged.
 */
export const incompleteForward: Rule = ({ groups, allEdges, allFetches }) =>
  groups.flatMap((g) => {
    const out: Violation[] = [];
    for (const e of g.edges) {
      const had = whenPhoneHadFile(allFetches, allEdges, e.parent, g.tree.file);
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

function whenPhoneHadFile(fetches: readonly FileFetch[], edges: readonly FileEdge[], phone: string, file: string): Had {
  let best: { time: number; evidence: Violation['evidence'] } | undefined;
  for (const f of fetches) {
    if (f.phone === phone && f.file === file && f.haveTime !== undefined && (best === undefined || f.haveTime < best.time)) best = { time: f.haveTime, evidence: framesEvidence([f]) };
  }
  for (const e of edges) {
    if (e.child === phone && e.file === file && e.lastPayload !== undefined && (best === undefined || e.lastPayload < best.time)) best = { time: e.lastPayload, evidence: edgeEvidence([e]) };
  }
  if (best !== undefined) return best;
  const triedAndFailed =
    fetches.some((f) => f.phone === phone && f.file === file) || edges.some((e) => e.child === phone && e.file === undefined && (e.cutFile === file || e.cutFile === undefined));
  return triedAndFailed ? 'never' : 'unknown';
}
