// The one table of the virtual lab's fault switches. Each makes the twin misbehave the way one
// known bug (or one generic failure) does, so that a suite can prove it notices; they are set
// in the lab file, never from a suite (design rule 2).
//
// Everything else is derived from this table: the lab schema's enum (schema/faults.ts), the
// ids each device of the twin accepts (CUCM, phone, network), and the suites the fault matrix
// (test/matrix) runs against each fault. Adding a fault is one entry here plus its behaviour
// in the device that carries it out.

/** Which device of the twin carries a fault out. */
export type FaultSide = 'phone' | 'cucm' | 'network';

/** Every suite that judges an upgrade's captures: the fault matrix runs them all against an evidence fault. */
export const EVIDENCE_CLAIM = 'every suite that judges captures';

export interface FaultSwitch {
  /** What the fault does (titles from pfs-reference.md §6 for known bugs, ours for generic ones). */
  what: string;
  side: FaultSide;
  /**
   * CUCM side only: the models the defect was reported for, hit when the lab names no
   * `models:`. Absent: every model. (A phone-side fault hits every phone the lab scopes it to.)
   */
  reportedFor?: readonly string[];
  /**
   * How the fault matrix proves a suite notices it: the suite that claims to catch it (it must
   * fail with the fault on, by an assertion), or EVIDENCE_CLAIM for a fault of the lab's
   * evidence itself, under which every suite judging captures must stop as a lab problem.
   */
  caughtBy: `suites/${string}.spec.ts` | typeof EVIDENCE_CLAIM;
}

const TABLE = {
  CSCtg96408: { what: 'phone fails to boot after a PFS upgrade', side: 'phone', caughtBy: 'suites/bugs/CSCtg96408.spec.ts' },
  CSCso40251: { what: 'no Peer Firmware Sharing field for 7975/7965 in CUCM', side: 'cucm', reportedFor: ['CP-7965G', 'CP-7975G'], caughtBy: 'suites/bugs/CSCso40251.spec.ts' },
  CSCsh98792: { what: 'BAT Update Phones cannot set product-specific parameters', side: 'cucm', caughtBy: 'suites/bugs/CSCsh98792.spec.ts' },
  CSCud66570: { what: '7931: Peer Firmware Sharing always disabled', side: 'phone', caughtBy: 'suites/bugs/CSCud66570.spec.ts' },
  CSCui49910: { what: 'no Peer Firmware Sharing in the phone web page network setup', side: 'phone', caughtBy: 'suites/bugs/CSCui49910.spec.ts' },
  CSCus67416: { what: 'PFS enabled, yet a phone still downloads firmware from the servers', side: 'phone', caughtBy: 'suites/bugs/CSCus67416.spec.ts' },
  CSCtb49726: { what: 'PFS option missing from product-specific configuration on 7942/7962', side: 'cucm', reportedFor: ['CP-7942G', 'CP-7962G'], caughtBy: 'suites/bugs/CSCtb49726.spec.ts' },
  CSCsh20977: { what: 'PFS offered as a product-specific feature enterprise-wide', side: 'cucm', caughtBy: 'suites/bugs/CSCsh20977.spec.ts' },
  'parent-power-loss': { what: 'a parent loses power in the middle of a transfer to its children', side: 'phone', caughtBy: 'suites/hierarchy-formation.spec.ts' },
  'early-forward': { what: 'a parent forwards a file to its children before it has it completely', side: 'phone', caughtBy: 'suites/hierarchy-formation.spec.ts' },
  'third-child': { what: 'a parent accepts a third child', side: 'phone', caughtBy: 'suites/hierarchy-formation.spec.ts' },
  'cross-model-answer': { what: 'a phone of another model answers a hierarchy claim', side: 'phone', caughtBy: 'suites/model-isolation.spec.ts' },
  'corrupt-hop': { what: 'a peer-to-peer hop corrupts the file it forwards', side: 'phone', caughtBy: 'suites/hierarchy-formation.spec.ts' },
  'blind-capture': {
    what: "a capture point sees nothing: it listens on an interface the lab's traffic does not cross",
    side: 'network',
    caughtBy: EVIDENCE_CLAIM,
  },
} as const satisfies Record<string, FaultSwitch>;

type Table = typeof TABLE;
export type FaultId = keyof Table;
/** The faults one device of the twin carries out. */
export type FaultOf<S extends FaultSide> = { [K in FaultId]: Table[K]['side'] extends S ? K : never }[FaultId];
export type PhoneFaultId = FaultOf<'phone'>;
export type CucmFaultId = FaultOf<'cucm'>;
export type NetworkFaultId = FaultOf<'network'>;
/** Faults of the lab's evidence itself, not of the product. */
export type EvidenceFaultId = { [K in FaultId]: Table[K]['caughtBy'] extends typeof EVIDENCE_CLAIM ? K : never }[FaultId];

/** The table, read through its entry type (literal types stay on TABLE for the unions above). */
export const FAULT_SWITCHES: Readonly<Record<FaultId, FaultSwitch>> = TABLE;

// Object.keys loses the key type; TABLE is a literal with exactly these keys, and at least one.
export const FAULT_IDS = Object.keys(TABLE) as [FaultId, ...FaultId[]];

export function isFaultId(id: string): id is FaultId {
  return Object.hasOwn(TABLE, id);
}

/** Whether `id` is a fault that device `side` of the twin carries out. */
export function isFaultOn<S extends FaultSide>(side: S, id: string): id is FaultOf<S> {
  return isFaultId(id) && FAULT_SWITCHES[id].side === side;
}

export const isPhoneFault = (id: string): id is PhoneFaultId => isFaultOn('phone', id);
export const isCucmFault = (id: string): id is CucmFaultId => isFaultOn('cucm', id);
export const isNetworkFault = (id: string): id is NetworkFaultId => isFaultOn('network', id);

export function isEvidenceFault(id: string): id is EvidenceFaultId {
  return isFaultId(id) && FAULT_SWITCHES[id].caughtBy === EVIDENCE_CLAIM;
}

export const PHONE_FAULT_IDS: readonly PhoneFaultId[] = FAULT_IDS.filter(isPhoneFault);
export const CUCM_FAULT_IDS: readonly CucmFaultId[] = FAULT_IDS.filter(isCucmFault);

/**
 * The phone-side faults the lab arms on one phone: a fault scoped by `phones:` and/or
 * `models:` hits only the phones it names; unscoped, every phone.
 */
export function phoneFaultsOf(
  faults: readonly { id: string; phones?: readonly string[]; models?: readonly string[] }[],
  phone: { name: string; model: string },
): PhoneFaultId[] {
  const out: PhoneFaultId[] = [];
  for (const f of faults) {
    if (!isPhoneFault(f.id)) continue;
    if (f.phones !== undefined && !f.phones.some((n) => n.toUpperCase() === phone.name.toUpperCase())) continue;
    if (f.models !== undefined && !f.models.includes(phone.model)) continue;
    out.push(f.id);
  }
  return out;
}
