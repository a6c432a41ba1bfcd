// Which suite claims to catch each fault switch of the virtual lab. Every fault must be
// claimed (a fault no suite notices is a blind spot), and the matrix proves every claim.
import type { FaultId } from '../../harness/lab/index.ts';

/** Faults of the lab's evidence itself, not of the product: every suite judging it must stop as a lab problem. */
export type EvidenceFaultId = Extract<FaultId, 'blind-capture'>;

export const FAULT_CLAIMS: Record<Exclude<FaultId, EvidenceFaultId>, string> = {
  CSCtg96408: 'suites/bugs/CSCtg96408.spec.ts',
  CSCso40251: 'suites/bugs/CSCso40251.spec.ts',
  CSCsh98792: 'suites/bugs/CSCsh98792.spec.ts',
  CSCud66570: 'suites/bugs/CSCud66570.spec.ts',
  CSCui49910: 'suites/bugs/CSCui49910.spec.ts',
  CSCus67416: 'suites/bugs/CSCus67416.spec.ts',
  CSCtb49726: 'suites/bugs/CSCtb49726.spec.ts',
  CSCsh20977: 'suites/bugs/CSCsh20977.spec.ts',
  'parent-power-loss': 'suites/hierarchy-formation.spec.ts',
  'early-forward': 'suites/hierarchy-formation.spec.ts',
  'third-child': 'suites/hierarchy-formation.spec.ts',
  'cross-model-answer': 'suites/model-isolation.spec.ts',
  'corrupt-hop': 'suites/hierarchy-formation.spec.ts',
};

/**
 * The suites that judge an upgrade's captures (every suite that runs a scenario): with a
 * capture point that sees nothing, none may pass, and each must end as a lab or
 * infrastructure problem (the suite kit's EvidenceMissingError), not a product defect.
 * Suites that judge only CUCM pages and config files (precedence, CSCso40251, ...) read no
 * capture and are not listed.
 */
export const EVIDENCE_FAULT_SUITES: Record<EvidenceFaultId, readonly string[]> = {
  'blind-capture': [
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
  ],
};
