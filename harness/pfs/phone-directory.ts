// Who is who in the evidence: every phone's address, model, subnet and load family, taken
// from the lab when there is one and inferred from the evidence otherwise. Inference is
// recorded in `inferred` so the output can say what it guessed.
import type { LabFacts } from './inventory.ts';
import type { Load } from '../formats/load.ts';
import { allLoads, loadsOfModel } from './inventory.ts';
import type { EvidenceSet } from './evidence-set.ts';
import { modelInfo } from '../formats/phone-models.ts';
import { cidrContains, ipv4ToNumber, parseCidr, slash24 } from '../formats/ipv4.ts';
import { baseName, familyDigitsOf, isComponentFile, isManifest } from './file-names.ts';

export interface PhoneEntry {
  ip: string;
  name?: string;
  /** Group key for hierarchies: the exact model when known, else the load family's label. */
  model: string;
  /** Subnet name from the lab, else the /24 (as CIDR) the address sits in. */
  subnet: string;
  /** Two family digits (41 for SCCP41), when known. */
  family?: string;
  /** True when the lab describes this phone. */
  inLab: boolean;
  /** Showed PFS: 4051 traffic, PFS log lines, or listed as PFS-enabled. */
  pfsActive: boolean;
}

export interface PhoneDirectory {
  phones: Map<string, PhoneEntry>;
  /** file name -> size, per family digits ('' when the family is unknown). */
  fileSizes: Map<string, number>;
  /** model -> component files of its loads, target then baseline (from the lab, or inferred per family). */
  filesOfModel(model: string): string[] | undefined;
  subnetOf(ip: string): string;
  /** Give a phone whose family the evidence did not show the family of a file it received. */
  adoptFamily(ip: string, family: string): void;
  inferred: string[];
}

export function buildPhoneDirectory(facts: LabFacts | undefined, evidence: EvidenceSet): PhoneDirectory {
  const inferred: string[] = [];
  const phones = new Map<string, PhoneEntry>();
  const subnets = (facts?.subnets ?? []).flatMap((s) => {
    const c = parseCidr(s.cidr);
    return c ? [{ name: s.name, cidr: c }] : [];
  });
  const subnetOf = (ip: string): string => {
    const n = ipv4ToNumber(ip);
    return (n === undefined ? undefined : subnets.find((s) => cidrContains(s.cidr, n))?.name) ?? slash24(ip);
  };

  for (const p of facts?.phones ?? []) {
    phones.set(p.ip, {
      ip: p.ip,
      name: p.name,
      model: p.model,
      subnet: p.subnet,
      family: modelInfo(p.model)?.familyDigits,
      inLab: true,
      pfsActive: false,
    });
  }

  const familyOfIp = inferFamilies(evidence);
  const hrootModels = hrootModelsByFamily(evidence);
  const familyLabel = (family: string | undefined): string => {
    if (family === undefined) return 'unknown model';
    const models = hrootModels.get(family);
    if (models?.size === 1) return [...models][0] as string;
    return `SCCP${family} family`;
  };

  // Phones the evidence shows but the lab (if any) does not describe.
  const speakers = pfsSpeakers(evidence);
  const seen = new Set<string>([...familyOfIp.keys(), ...speakers]);
  const newcomers: string[] = [];
  for (const ip of seen) {
    if (phones.has(ip)) continue;
    const family = familyOfIp.get(ip);
    phones.set(ip, { ip, model: familyLabel(family), subnet: subnetOf(ip), family, inLab: false, pfsActive: false });
    newcomers.push(ip);
  }
  if (newcomers.length > 0) {
    inferred.push(
      facts
        ? `${newcomers.length} address(es) not in the lab took part and were taken as phones: ${newcomers.join(', ')}`
        : `phones inferred from TFTP requests, port 4051 traffic and HROOT lines: ${newcomers.length}`,
    );
  }
  if (!facts) {
    inferred.push('subnets inferred as the /24 of each address');
    inferred.push('models inferred from load family digits in TFTP file names and from HROOT m= fields');
  }

  for (const ip of [...speakers, ...(evidence.pfsEnabled ?? [])]) {
    const e = phones.get(ip);
    if (e) e.pfsActive = true;
  }

  const fileSizes = facts ? sizesFromLoads(allLoads(facts)) : sizesFromTftp(evidence);
  if (!facts && fileSizes.size > 0) inferred.push('file sizes inferred from complete TFTP transfers');

  const filesOfModel = (model: string): string[] | undefined => {
    // A model's phones may be upgrading to the target or going back to the baseline: both
    // loads' files are the model's own.
    const loads = facts ? loadsOfModel(facts, model) : [];
    if (loads.length > 0) return loads.flatMap((l) => l.files.map((f) => f.name));
    const family = [...phones.values()].find((p) => p.model === model)?.family;
    if (family === undefined) return undefined;
    return [...fileSizes.keys()].filter((f) => familyDigitsOf(f) === family);
  };

  const adoptFamily = (ip: string, family: string): void => {
    const e = phones.get(ip);
    if (!e || e.inLab || e.family !== undefined) return;
    e.family = family;
    e.model = familyLabel(family);
  };

  return { phones, fileSizes, filesOfModel, subnetOf, adoptFamily, inferred };
}

/** Family digits per client address, from the firmware files it asked the TFTP server for. */
function inferFamilies(evidence: EvidenceSet): Map<string, string> {
  const out = new Map<string, string>();
  for (const cap of evidence.captures) {
    for (const t of cap.tftp) {
      const fam = familyDigitsOf(t.file);
      if (fam !== undefined && (isComponentFile(t.file) || isManifest(t.file))) out.set(t.client, fam);
    }
  }
  for (const { log } of evidence.logs) {
    for (const ev of log.events) {
      if (ev.type !== 'hroot') continue;
      const fam = modelInfo(ev.model)?.familyDigits ?? familyDigitsOf(ev.file);
      if (fam !== undefined) out.set(ev.rootIp, fam);
    }
  }
  return out;
}

function hrootModelsByFamily(evidence: EvidenceSet): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { log } of evidence.logs) {
    for (const ev of log.events) {
      if (ev.type !== 'hroot') continue;
      const fam = modelInfo(ev.model)?.familyDigits ?? familyDigitsOf(ev.file);
      if (fam === undefined) continue;
      let set = out.get(fam);
      if (!set) out.set(fam, (set = new Set()));
      set.add(ev.model);
    }
  }
  return out;
}

/** Addresses that spoke on port 4051 or logged PFS events: the phones that run PFS. */
function pfsSpeakers(evidence: EvidenceSet): Set<string> {
  const out = new Set<string>();
  for (const cap of evidence.captures) {
    for (const u of cap.udp4051) out.add(u.src);
    for (const c of cap.tcp4051) {
      out.add(c.initiator);
      out.add(c.acceptor);
    }
  }
  for (const { log, phone } of evidence.logs) {
    for (const ev of log.events) {
      if (ev.type === 'hroot') out.add(ev.rootIp);
      else if (phone !== undefined) out.add(phone);
    }
  }
  return out;
}

function sizesFromLoads(loads: Load[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const load of loads) for (const f of load.files) out.set(f.name, f.size);
  return out;
}

function sizesFromTftp(evidence: EvidenceSet): Map<string, number> {
  const out = new Map<string, number>();
  for (const cap of evidence.captures) {
    for (const t of cap.tftp) {
      if (t.status !== 'complete' || !isComponentFile(t.file)) continue;
      out.set(baseName(t.file), Math.max(out.get(baseName(t.file)) ?? 0, t.bytes));
    }
  }
  return out;
}
