// The fault matrix's second half: the faults the bug suites and model-isolation.spec.ts claim
// (test/matrix/describe-matrix.ts says what a cell proves).
import { matrixHalf } from './fault-claims.ts';
import { describeMatrixHalf } from './describe-matrix.ts';

describeMatrixHalf(matrixHalf('bugs'));
