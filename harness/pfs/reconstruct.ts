// Per (subnet, model, file): who fetched the file from TFTP, who fed whom over TCP 4051,
// who was root, and each phone's role. The trees are built from packets first; console
// logs add roots the capture did not see and are cross-checked by the invariants.
import type { FileTree, Role } from './analysis-types.ts';
import type { LabFacts } from './inventory.ts';
import { loadsOfModel } from './inventory.ts';
import type { PhoneDirectory, PhoneEntry } from './phone-directory.ts';
import type { FileEdge, FileFetch } from './copies.ts';
import type { LoggedRoot } from './log-roots.ts';
import { rootsForFile } from './log-roots.ts';
import { compareIp } from '../net/ipv4.ts';
import { baseName, familyDigitsOf, isManifest } from './file-names.ts';

/** A tree plus the raw copies behind it, which the invariants need. */
export interface GroupWork {
  tree: FileTree;
  fetches: FileFetch[];
  /** Edges that carried this file, complete ones only. */
  edges: FileEdge[];
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
        tree: { subnet: p.subnet, model: p.model, file, size: dir.fileSizes.get(file), edges: [], tftpFetchers: [], tftpFetches: [], roles: {} },
        fetches: [],
        edges: [],
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
  return [...ips].sort(compareIp).map((ip) => phoneOf(dir, ip));
}

function buildTree(dir: PhoneDirectory, g: GroupWork): void {
  const t = g.tree;
  t.tftpFetches = g.fetches.map(({ phone, bytes, complete, start, end, frame, capture }) => ({ phone, bytes, complete, start, end, frame, capture }));
  t.tftpFetchers = [...new Set(g.fetches.map((f) => f.phone))].sort(compareIp);
  t.edges = g.edges.map(({ parent, child, bytes, complete, start, end, firstPayload, frames, capture }) => ({ parent, child, bytes, complete, start, end, firstPayload, frames, capture }));
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

  const pcapRoot = chooseRoot(dir, g, children);
  const logRootIps = [...new Set(g.logRoots.map((r) => r.rootIp))];
  if (pcapRoot !== undefined) {
    t.root = pcapRoot;
    t.rootSource = logRootIps.includes(pcapRoot) ? 'pcap+log' : 'pcap';
  } else if (logRootIps.length > 0 && g.fetches.length === 0) {
    t.root = logRootIps[0];
    t.rootSource = 'log';
  }

  const roles: Record<string, Role> = {};
  for (const ip of t.tftpFetchers) {
    if (ip === t.root) roles[ip] = 'root';
    else if (fedBy.has(ip)) roles[ip] = children.has(ip) ? 'relay' : 'leaf';
    else roles[ip] = phoneOf(dir, ip).pfsActive ? 'tftp-fallback' : 'tftp-only';
  }
  for (const ip of fedBy.keys()) roles[ip] ??= children.has(ip) ? 'relay' : 'leaf';
  if (t.root !== undefined) roles[t.root] = 'root';
  // Without any copy on the wire (a tree known from a log only), who lacks the file is unknown.
  if (g.fetches.length + g.edges.length > 0) for (const m of g.members) roles[m.ip] ??= 'missing';
  t.roles = Object.fromEntries(Object.entries(roles).sort(([a], [b]) => compareIp(a, b)));
  t.depth = t.root === undefined ? undefined : treeDepth(t.root, children);
}

/**
 * The root on the wire: among PFS phones that fetched the file whole from TFTP, the one
 * that fed children (the earliest if several did: MULTIPLE_ROOTS reports the rest), else
 * the one whose log claims it, else the earliest. A phone without any sign of PFS is never
 * a root: it upgraded the traditional way.
 */
function chooseRoot(dir: PhoneDirectory, g: GroupWork, children: Map<string, Set<string>>): string | undefined {
  const candidates = g.fetches
    .filter((f) => f.complete && phoneOf(dir, f.phone).pfsActive)
    .sort((a, b) => a.start - b.start)
    .map((f) => f.phone);
  if (candidates.length === 0) return undefined;
  const fedKids = candidates.filter((ip) => children.has(ip));
  if (fedKids.length > 0) return fedKids[0];
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
