// Without a lab, phones are grouped by load family (SCCP41 family): the capture does not say
// which of the family's models (7941, 7961) a phone is. Two models sharing one load in one
// subnet form two hierarchies (pfs-reference §2.5), and read as one family they look like
// one hierarchy with two roots. What the capture does show: two disjoint hierarchies, each
// with its own TFTP root and no 4051 edge between them. Those are read as two model groups,
// named by the HROOT m= fields when logs name their roots, and said in the Inferred list.
import type { FileEdge, FileFetch } from './copies.ts';
import { sendsAt } from './copies.ts';
import type { LoggedRoot } from './log-roots.ts';
import type { PhoneDirectory } from './phone-directory.ts';
import { compareIp } from '../formats/ipv4.ts';

export function splitSharedLoadGroups(dir: PhoneDirectory, fetches: readonly FileFetch[], edges: readonly FileEdge[], logRoots: readonly LoggedRoot[]): void {
  const buckets = new Map<string, string[]>();
  for (const p of dir.phones.values()) {
    if (p.inLab || p.family === undefined) continue;
    const key = `${p.subnet}\u0000${p.model}`;
    const list = buckets.get(key);
    if (list) list.push(p.ip);
    else buckets.set(key, [p.ip]);
  }
  for (const ips of buckets.values()) splitBucket(dir, new Set(ips), fetches, edges, logRoots);
}

function splitBucket(dir: PhoneDirectory, bucket: Set<string>, fetches: readonly FileFetch[], edges: readonly FileEdge[], logRoots: readonly LoggedRoot[]): void {
  const inBucket = edges.filter((e) => bucket.has(e.parent) && bucket.has(e.child));
  const parent = new Map<string, string>();
  const find = (ip: string): string => {
    let r = ip;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(ip, r);
    return r;
  };
  for (const ip of bucket) parent.set(ip, ip);
  for (const e of inBucket) parent.set(find(e.parent), find(e.child));

  // A hierarchy's root: a whole TFTP copy with no parent before it, that fed children.
  const rootsOf = new Map<string, string[]>();
  for (const f of fetches) {
    if (!f.complete || !bucket.has(f.phone)) continue;
    const fedBefore = inBucket.some((e) => e.child === f.phone && (e.file ?? e.cutFile) === f.file && sendsAt(e) < f.start);
    const fed = inBucket.some((e) => e.parent === f.phone && e.file === f.file);
    if (fedBefore || !fed) continue;
    const c = find(f.phone);
    const list = rootsOf.get(c) ?? [];
    if (!list.includes(f.phone)) list.push(f.phone);
    rootsOf.set(c, list);
  }
  if (rootsOf.size < 2) return;

  const any = dir.phones.get([...bucket][0] ?? '');
  if (any === undefined) return;
  const family = any.model;
  const labels = new Map<string, string>();
  for (const [component, roots] of rootsOf) {
    const first = [...roots].sort(compareIp)[0] ?? '';
    const logged = [...new Set(logRoots.filter((r) => roots.includes(r.rootIp)).map((r) => r.model))];
    labels.set(component, logged.length === 1 ? (logged[0] as string) : `${family}, hierarchy of ${first}`);
  }
  // Two hierarchies whose roots' logs name one model are one model with two roots (MULTIPLE_ROOTS), not two groups.
  if (new Set(labels.values()).size < labels.size) return;
  for (const ip of bucket) {
    const label = labels.get(find(ip));
    const entry = dir.phones.get(ip);
    if (label !== undefined && entry !== undefined) entry.model = label;
  }
  const subnet = any.subnet;
  const rootList = [...rootsOf.values()].map((r) => r.join('+'));
  dir.inferred.push(
    `${subnet}: ${labels.size} disjoint hierarchies of the ${family} (roots ${rootList.join(', ')}, no 4051 edge between them) read as ${labels.size} model groups: ${[...labels.values()].join('; ')}`,
  );
}
