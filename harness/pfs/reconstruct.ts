// Per (subnet, model, file): who fetched the file from TFTP, who fed whom over TCP 4051,
// who was root, and each phone's role. The trees are built from packets first; console
// logs add roots the capture did not see and are cross-checked by the invariants.
import type { FileTree, Role } from './analysis-types.ts';
import type { LabFacts } from './inventory.ts';
import { loadsOfModel } from './inventory.ts';
import type { PhoneDirectory, PhoneEntry } from './phone-directory.ts';
import type { FileEdge, FileFetch } from './copies.ts';
import { sendsAt } from './copies.ts';
import type { LoggedRoot } from './log-roots.ts';
import { rootsForFile } from './log-roots.ts';
import { compareIp } from '../formats/ipv4.ts';
import { baseName, familyDigitsOf, isManifest } from './file-names.ts';

/** A tree plus the raw copies behind it, which the invariants need. */
export interface GroupWork {
  tree: FileTree;
  fetches: FileFetch[];
  /** Edges that carried this file, complete ones only. */
  edges: FileEdge[];
  /** Edges cut short while carrying this file (to a child of this group). */
  cutEdges: FileEdge[];
  /**
   * Phones that fetched the file whole from TFTP with no parent before it and fed children:
   * the roots the wire shows, first fetch first (more than one: MULTIPLE_ROOTS).
   */
  wireRoots: string[];
  members: PhoneEntry[];
  logRoots: LoggedRoot[];
}

export function groupKey(subnet: string, model: string, file: string): string {
  return `${subnet}\u0000${model}\u0000${file}`;
}

export function reconstruct(
  dir: PhoneDirectory,
  facts: LabFacts | undefined,
  fetches: FileFetch[],
  edges: FileEdge[],
  roots: LoggedRoot[],
  manifestFetchers: Map<string, Set<string>>,
): GroupWork[] {
  const groups = new Map<string, GroupWork>();
  const groupFor = (ip: string, file: string): GroupWork => {
    const p = phoneOf(dir, ip);
    const key = groupKey(p.subnet, p.model, file);
    let g = groups.get(key);
    if (!g) {
      g = {
        tree: { subnet: p.subnet, model: p.model, file, size: dir.fileSizes.get(file), edges: [], tftpFetchers: [], tftpFetches: [], roles: {}, roleReasons: {}, cutTransfers: [] },
        fetches: [],
        edges: [],
        cutEdges: [],
        wireRoots: [],
        members: [],
        logRoots: [],
      };
      groups.set(key, g);
    }
    return g;
  };

  for (const f of fetches) groupFor(f.phone, f.file).fetches.push(f);
  // An edge belongs to its child's group: a parent of another model or subnet is then a
  // CROSS_MODEL / CROSS_SUBNET finding in that group rather than a tree of its own.
  for (const e of edges) if (e.file !== undefined) groupFor(e.child, e.file).edges.push(e);
  for (const e of edges) if (e.file === undefined && e.cutFile !== undefined) groupFor(e.child, e.cutFile).cutEdges.push(e);
  // A root that only a log names still makes a tree (the capture may have missed it). A
  // root logged for a manifest does not: which of its files were shared is for the wire to say.
  for (const r of roots) if (!r.manifest) groupFor(r.rootIp, r.file);

  for (const g of groups.values()) {
    const covers = (manifest: string): boolean => {
      // With a lab, a manifest covers the file when it is the manifest of the model's load that
      // holds the file (the target's, or the baseline's in a downgrade).
      const loads = facts ? loadsOfModel(facts, g.tree.model) : [];
      if (loads.length > 0) return loads.some((l) => manifest === `${l.id}.loads` && l.files.some((f) => f.name === g.tree.file));
      // Without a lab, a manifest covers the components of its own load family.
      return !facts && familyDigitsOf(manifest) === familyDigitsOf(g.tree.file);
    };
    g.logRoots = rootsForFile(roots, g.tree.file, covers).filter((r) => {
      const p = phoneOf(dir, r.rootIp);
      return p.subnet === g.tree.subnet && p.model === g.tree.model;
    });
    g.members = expectedMembers(dir, facts, g, manifestFetchers);
    buildTree(dir, g);
  }
  return [...groups.values()].sort(
    (a, b) => a.tree.subnet.localeCompare(b.tree.subnet) || a.tree.model.localeCompare(b.tree.model) || a.tree.file.localeCompare(b.tree.file),
  );
}

export function phoneOf(dir: PhoneDirectory, ip: string): PhoneEntry {
  return dir.phones.get(ip) ?? { ip, model: 'unknown model', subnet: dir.subnetOf(ip), inLab: false, pfsActive: false };
}

/**
 * The phones that should end up with the file: with a lab, every phone of the group's
 * subnet and model whose load has the file; without one, every phone of the subnet and
 * family that asked for the load's manifest (it was upgrading) or took part in the tree.
 */
function expectedMembers(dir: PhoneDirectory, facts: LabFacts | undefined, g: GroupWork, manifestFetchers: Map<string, Set<string>>): PhoneEntry[] {
  const { subnet, model, file } = g.tree;
  const ips = new Set<string>();
  if (facts) {
    for (const p of dir.phones.values()) {
      if (p.inLab && p.subnet === subnet && p.model === model && (dir.filesOfModel(model)?.includes(file) ?? false)) ips.add(p.ip);
    }
  } else {
    const family = familyDigitsOf(file);
    for (const [manifest, clients] of manifestFetchers) {
      if (familyDigitsOf(manifest) !== family) continue;
      for (const ip of clients) {
        const p = phoneOf(dir, ip);
        if (p.subnet === subnet && p.model === model) ips.add(ip);
      }
    }
  }
  for (const f of g.fetches) ips.add(f.phone);
  for (const e of g.edges) ips.add(e.child);
  for (const e of g.cutEdges) ips.add(e.child);
  return [...ips].sort(compareIp).map((ip) => phoneOf(dir, ip));
}

function buildTree(dir: PhoneDirectory, g: GroupWork): void {
  const t = g.tree;
  t.tftpFetches = g.fetches.map(({ phone, bytes, complete, start, end, frame, capture }) => ({ phone, bytes, complete, start, end, frame, capture }));
  t.tftpFetchers = [...new Set(g.fetches.map((f) => f.phone))].sort(compareIp);
  t.edges = g.edges.map(plainEdge);
  if (t.size === undefined) {
    const complete = g.fetches.filter((f) => f.complete).map((f) => f.bytes);
    if (complete.length > 0) t.size = Math.max(...complete);
  }

  const children = new Map<string, Set<string>>();
  const fedBy = new Map<string, Set<string>>();
  for (const e of g.edges) {
    addTo(children, e.parent, e.child);
    addTo(fedBy, e.child, e.parent);
  }

  const order = fetchOrder(dir, g);
  g.wireRoots = order.candidates.filter((f) => children.has(f.phone)).map((f) => f.phone);
  const pcapRoot = chooseRoot(g, order.candidates.map((f) => f.phone));
  const logRootIps = [...new Set(g.logRoots.map((r) => r.rootIp))];
  if (pcapRoot !== undefined) {
    t.root = pcapRoot;
    t.rootSource = logRootIps.includes(pcapRoot) ? 'pcap+log' : 'pcap';
  } else if (logRootIps.length > 0 && g.fetches.length === 0) {
    t.root = logRootIps[0];
    t.rootSource = 'log';
  }

  const roles: Record<string, Role> = {};
  const why: Record<string, string> = {};
  const kids = (ip: string): string => [...(children.get(ip) ?? [])].sort(compareIp).join(', ');
  const fedLine = (ip: string): string => {
    const from = g.edges.filter((e) => e.child === ip).map((e) => `${e.parent} at ${clock(e.start)}`);
    return `received it whole from ${from.join(' and ')}`;
  };
  if (t.root !== undefined) {
    roles[t.root] = 'root';
    const f = order.candidates.find((c) => c.phone === t.root);
    why[t.root] = f
      ? `fetched it whole from TFTP at ${clock(f.start)} (frame ${f.frame}) with no parent before it${children.has(t.root) ? `, and fed ${kids(t.root)}` : ''}`
      : 'named root by its console log; the capture shows no TFTP fetch of it';
  }
  for (const [ip, parentFirst] of order.afterParent) {
    if (roles[ip] !== undefined) continue;
    const pfs = phoneOf(dir, ip).pfsActive;
    roles[ip] = pfs ? 'tftp-fallback' : 'tftp-only';
    why[ip] = `had ${parentFirst.complete ? 'received it' : `begun to receive it (${parentFirst.bytes} B, cut)`} from ${parentFirst.parent} at ${clock(parentFirst.start)}, before fetching it from TFTP at ${clock(parentFirst.fetchStart)}${children.has(ip) ? `; fed ${kids(ip)}` : ''}`;
  }
  for (const ip of t.tftpFetchers) {
    if (roles[ip] !== undefined) continue;
    const first = g.fetches.find((f) => f.phone === ip);
    const when = first ? `at ${clock(first.start)} (frame ${first.frame})` : '';
    if (fedBy.has(ip)) {
      roles[ip] = children.has(ip) ? 'relay' : 'leaf';
      why[ip] = `${fedLine(ip)}; also fetched it from TFTP ${when}`;
    } else if (phoneOf(dir, ip).pfsActive) {
      roles[ip] = 'tftp-fallback';
      why[ip] = `shows PFS, yet fetched it from TFTP ${when}${children.has(ip) ? ` and fed ${kids(ip)} (a second root)` : ''}`;
    } else {
      roles[ip] = 'tftp-only';
      why[ip] = `fetched it from TFTP ${when}; no sign of PFS on the wire or in its log`;
    }
  }
  for (const ip of fedBy.keys()) {
    if (roles[ip] !== undefined) continue;
    roles[ip] = children.has(ip) ? 'relay' : 'leaf';
    why[ip] = `${fedLine(ip)}${children.has(ip) ? `; fed ${kids(ip)}` : ''}`;
  }
  // Without any copy on the wire (a tree known from a log only), who lacks the file is unknown.
  if (g.fetches.length + g.edges.length + g.cutEdges.length > 0) {
    for (const m of g.members) {
      if (roles[m.ip] !== undefined) continue;
      roles[m.ip] = 'missing';
      const cuts = g.cutEdges.filter((e) => e.child === m.ip);
      why[m.ip] = cuts.length > 0 ? `only cut copies: ${cuts.map((e) => `${e.bytes} B from ${e.parent}`).join(', ')}` : m.inLab ? 'the lab says it runs this file; the capture shows no whole copy' : 'asked for the load; the capture shows no whole copy';
    }
  }
  const sorted = Object.keys(roles).sort(compareIp);
  t.roles = Object.fromEntries(sorted.map((ip) => [ip, roles[ip] as Role]));
  t.roleReasons = Object.fromEntries(sorted.map((ip) => [ip, why[ip] ?? '']));
  t.cutTransfers = g.cutEdges.map((e) => ({ ...plainEdge(e), file: t.file, ...(t.size !== undefined ? { of: t.size } : {}), afterwards: afterCut(g, e) }));
  t.depth = t.root === undefined ? undefined : treeDepth(t.root, children);
}

function plainEdge({ parent, child, bytes, complete, start, end, firstPayload, frames, capture }: FileEdge): FileTree['edges'][number] {
  return { parent, child, bytes, complete, start, end, ...(firstPayload !== undefined ? { firstPayload } : {}), frames, capture };
}

/** Where the child of a cut transfer got the file next: another (or the same) parent, TFTP, or nowhere. */
function afterCut(g: GroupWork, cut: FileEdge): string {
  const edge = g.edges.filter((e) => e.child === cut.child && e.start >= cut.start).sort((a, b) => a.start - b.start)[0];
  const fetch = g.fetches.filter((f) => f.phone === cut.child && f.complete && f.start >= cut.start).sort((a, b) => a.start - b.start)[0];
  if (edge && (!fetch || edge.start <= fetch.start)) return edge.parent === cut.parent ? `resumed from ${edge.parent}` : `re-joined under ${edge.parent}`;
  if (fetch) return 'fell back to TFTP';
  return 'never got the whole file';
}

/** Capture time of day (UTC) to the millisecond: what Wireshark's time column shows. */
function clock(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString().slice(11, 23);
}

interface AfterParent {
  parent: string;
  start: number;
  bytes: number;
  complete: boolean;
  fetchStart: number;
}

/**
 * The TFTP fetches in the order of events. A PFS phone's whole TFTP copy is a root candidate
 * only if no parent had begun to feed it this file before the fetch began: a phone that
 * already had a parent (or a peer copy) and then fetched from TFTP fell back, whatever it
 * fed its children (it fed them the peer copy). A phone without any sign of PFS is never
 * a root: it upgraded the traditional way.
 */
function fetchOrder(dir: PhoneDirectory, g: GroupWork): { candidates: FileFetch[]; afterParent: Map<string, AfterParent> } {
  // A parent feeds a phone from its first payload byte on; a connection opened earlier (a
  // child may connect before its parent has anything) is not yet a copy.
  const incoming = [...g.edges, ...g.cutEdges].sort((a, b) => sendsAt(a) - sendsAt(b));
  const afterParent = new Map<string, AfterParent>();
  const candidates: FileFetch[] = [];
  for (const f of [...g.fetches].sort((a, b) => a.start - b.start)) {
    const parent = incoming.find((e) => e.child === f.phone && sendsAt(e) < f.start);
    if (parent) {
      if (!afterParent.has(f.phone)) afterParent.set(f.phone, { parent: parent.parent, start: sendsAt(parent), bytes: parent.bytes, complete: parent.file !== undefined, fetchStart: f.start });
      continue;
    }
    if (f.complete && phoneOf(dir, f.phone).pfsActive && !candidates.some((c) => c.phone === f.phone)) candidates.push(f);
  }
  return { candidates, afterParent };
}

/**
 * The root on the wire: among root candidates (first fetch first), the first that fed
 * children (MULTIPLE_ROOTS reports the rest), else the one whose log claims it, else the
 * first.
 */
function chooseRoot(g: GroupWork, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  if (g.wireRoots.length > 0) return g.wireRoots[0];
  const logged = candidates.find((ip) => g.logRoots.some((r) => r.rootIp === ip));
  return logged ?? candidates[0];
}

function treeDepth(root: string, children: Map<string, Set<string>>): number {
  let depth = 0;
  let level = [root];
  const seen = new Set(level);
  for (;;) {
    const next = level.flatMap((p) => [...(children.get(p) ?? [])].filter((c) => !seen.has(c)));
    if (next.length === 0) return depth;
    next.forEach((c) => seen.add(c));
    level = next;
    depth += 1;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Manifest name -> the addresses that fetched it by TFTP (they were upgrading to that load). */
export function manifestFetchersOf(captures: { tftp: { op: string; file: string; client: string }[] }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const cap of captures) {
    for (const t of cap.tftp) {
      if (t.op !== 'read' || !isManifest(t.file)) continue;
      addTo(out, baseName(t.file), t.client);
    }
  }
  return out;
}
