// Which suite claims to catch each fault switch of the virtual lab. Every fault must be
// claimed (a fault no suite notices is a blind spot), and the matrix proves every claim.
import type { FaultId } from '../../harness/lab/index.ts';

export const FAULT_CLAIMS: Record<FaultId, string> = {
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
