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
export const incompleteForward: Rule = ({ groups, allEdges, allFetches }) => {
  const copies = copiesByPhone(allFetches, allEdges);
  return groups.flatMap((g) => {
    const out: Violation[] = [];
    for (const e of g.edges) {
      const had = whenPhoneHadFile(copies.get(e.parent), g.tree.file);
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
};

type Had = { time: number; evidence: Violation['evidence'] } | 'never' | 'unknown';

/** Each phone's own TFTP reads and the edges that fed it, in their original order. */
interface PhoneCopies {
  fetches: FileFetch[];
  edges: FileEdge[];
}

/**
 * Indexed once per analysis: asking every edge's parent about all fetches and edges was
 * quadratic (625 copies of a 1 GB capture: ~0.5 M comparisons, a tenth of `analyze`).
 */
function copiesByPhone(fetches: readonly FileFetch[], edges: readonly FileEdge[]): Map<string, PhoneCopies> {
  const by = new Map<string, PhoneCopies>();
  const of = (phone: string): PhoneCopies => {
    let c = by.get(phone);
    if (c === undefined) {
      c = { fetches: [], edges: [] };
      by.set(phone, c);
    }
    return c;
  };
  for (const f of fetches) of(f.phone).fetches.push(f);
  for (const e of edges) of(e.child).edges.push(e);
  return by;
}

function whenPhoneHadFile(copies: PhoneCopies | undefined, file: string): Had {
  if (copies === undefined) return 'unknown';
  const { fetches, edges } = copies;
  let best: { time: number; evidence: Violation['evidence'] } | undefined;
  for (const f of fetches) {
    if (f.file === file && f.haveTime !== undefined && (best === undefined || f.haveTime < best.time)) best = { time: f.haveTime, evidence: framesEvidence([f]) };
  }
  for (const e of edges) {
    if (e.file === file && e.lastPayload !== undefined && (best === undefined || e.lastPayload < best.time)) best = { time: e.lastPayload, evidence: edgeEvidence([e]) };
  }
  if (best !== undefined) return best;
  const triedAndFailed = fetches.some((f) => f.file === file) || edges.some((e) => e.file === undefined && (e.cutFile === file || e.cutFile === undefined));
  return triedAndFailed ? 'never' : 'unknown';
}
