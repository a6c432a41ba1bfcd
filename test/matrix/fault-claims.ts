// Which suites the fault matrix runs against each fault switch of the virtual lab. The claim
// of each fault is its `caughtBy` in the one table (harness/lab/fault-switches.ts); every
// fault is claimed there (a fault no suite notices is a blind spot), and the matrix proves
// every claim.
import type { EvidenceFaultId, FaultId } from '../../harness/lab/index.ts';
import { EVIDENCE_CLAIM, FAULT_IDS, FAULT_SWITCHES, isEvidenceFault } from '../../harness/lab/index.ts';

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
