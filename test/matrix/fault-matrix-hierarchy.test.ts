// The fault matrix's first half: the faults hierarchy-formation.spec.ts claims and the faults of
// the evidence itself (test/matrix/describe-matrix.ts says what a cell proves).
import { matrixHalf } from './fault-claims.ts';
import { describeMatrixHalf } from './describe-matrix.ts';

describeMatrixHalf(matrixHalf('hierarchy'));
