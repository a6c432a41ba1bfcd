// Which suites the fault matrix runs against each fault switch of the virtual lab. The claim
// of each fault is its `caughtBy` in the one table (harness/lab/fault-switches.ts); every
// fault is claimed there (a fault no suite notices is a blind spot), and the matrix proves
// every claim.
import type { EvidenceFaultId, FaultId } from '../../harness/lab/index.ts';
import { EVIDENCE_CLAIM, FAULT_IDS, FAULT_SWITCHES, isEvidenceFault } from '../../harness/lab/index.ts';
import type { MatrixPlan } from './matrix-lab.ts';
import { MATRIX_BUGS_PLAN, MATRIX_PLAN } from './matrix-lab.ts';

/** A fault of the product: the one suite that claims to catch it. */
export const FAULT_CLAIMS: ReadonlyMap<Exclude<FaultId, EvidenceFaultId>, string> = new Map(
  FAULT_IDS.flatMap((id) => {
    const claim = FAULT_SWITCHES[id].caughtBy;
    return isEvidenceFault(id) || claim === EVIDENCE_CLAIM ? [] : [[id, claim] as const];
  }),
);

/**
 * The suites that judge an upgrade's captures (every suite that runs a scenario): with a
 * capture point that sees nothing, none may pass, and each must end as a lab or
 * infrastructure problem (the suite kit's EvidenceMissingError), not a product defect.
 * Suites that judge only CUCM pages and config files (precedence, CSCso40251, ...) read no
 * capture and are not listed.
 */
export const CAPTURE_SUITES: readonly string[] = [
  'suites/hierarchy-formation.spec.ts',
  'suites/model-isolation.spec.ts',
  'suites/parent-power-loss.spec.ts',
  'suites/per-file-roles.spec.ts',
  'suites/pfs-off-phone.spec.ts',
  'suites/port-4051.spec.ts',
  'suites/subnet-isolation.spec.ts',
  'suites/traditional-vs-pfs.spec.ts',
  'suites/bugs/CSCtg96408.spec.ts',
  'suites/bugs/CSCud66570.spec.ts',
  'suites/bugs/CSCus67416.spec.ts',
];

/** A fault of the lab's evidence itself (caughtBy EVIDENCE_CLAIM): every suite judging captures. */
export const EVIDENCE_FAULT_SUITES: ReadonlyMap<EvidenceFaultId, readonly string[]> = new Map(
  FAULT_IDS.filter(isEvidenceFault).map((id) => [id, CAPTURE_SUITES] as const),
);

/** One half of the matrix: its own test file, lab plan and `npm test` stream. */
export interface MatrixHalf {
  name: string;
  title: string;
  plan: MatrixPlan;
  claims: ReadonlyMap<Exclude<FaultId, EvidenceFaultId>, string>;
  evidence: ReadonlyMap<EvidenceFaultId, readonly string[]>;
}

/**
 * The matrix cut in two of about the same length, so that `npm test` runs both at once: the
 * faults hierarchy-formation.spec.ts claims (one healthy run of that suite serves them all)
 * with the evidence faults, and every other fault. A new fault lands in the second half
 * unless hierarchy-formation claims it; every fault is in exactly one half (fault-claims.test.ts).
 */
const HIERARCHY_SUITE = 'suites/hierarchy-formation.spec.ts';
export const MATRIX_HALVES: readonly MatrixHalf[] = [
  {
    name: 'hierarchy',
    title: 'hierarchy formation and evidence',
    plan: MATRIX_PLAN,
    claims: new Map([...FAULT_CLAIMS].filter(([, suite]) => suite === HIERARCHY_SUITE)),
    evidence: EVIDENCE_FAULT_SUITES,
  },
  {
    name: 'bugs',
    title: 'bug and isolation suites',
    plan: MATRIX_BUGS_PLAN,
    claims: new Map([...FAULT_CLAIMS].filter(([, suite]) => suite !== HIERARCHY_SUITE)),
    evidence: new Map(),
  },
];

export function matrixHalf(name: string): MatrixHalf {
  const half = MATRIX_HALVES.find((h) => h.name === name);
  if (!half) throw new Error(`no half of the fault matrix is called ${name}`);
  return half;
}
