// The fault matrix's small lab (matrix-lab.yaml), written out on one of three address plans.
// The two halves of the fault matrix and the `pfslab run` tests (test/cli) use the same lab, and
// `npm test` runs them at the same time in separate streams (test/run-streams.ts): each plan has
// its own namespace prefix, lab subnets (host routes in the root namespace) and transfer
// network, so the labs never meet. Each copy has its loads' paths made absolute, since it is written elsewhere.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultId } from '../../harness/lab/index.ts';

const LAB = path.join(import.meta.dirname, 'matrix-lab.yaml');
const LOADS = path.resolve(import.meta.dirname, '../../labs/loads');

export interface MatrixPlan {
  /** Namespace (and root link) prefix; also the prefix of the capture points' namespaces in the lab file. */
  prefix: string;
  transferCidr: string;
  /** The first two octets of the lab file's hq subnet (10.30 in matrix-lab.yaml) and of its branches (10.40). */
  hq: string;
  branches: string;
}

/** The plan matrix-lab.yaml is written in: the first half of the fault matrix (hierarchy and evidence). */
export const MATRIX_PLAN: MatrixPlan = { prefix: 'pfsm-', transferCidr: '169.254.80.0/29', hq: '10.30', branches: '10.40' };
/** The second half of the fault matrix (the bug and isolation suites). */
export const MATRIX_BUGS_PLAN: MatrixPlan = { prefix: 'pfsb-', transferCidr: '169.254.80.16/29', hq: '10.32', branches: '10.42' };
/** The `pfslab run` tests' plan (test/cli/run*.test.ts, crash-recovery.test.ts). */
export const CLI_PLAN: MatrixPlan = { prefix: 'pfsc-', transferCidr: '169.254.80.8/29', hq: '10.31', branches: '10.41' };

export const MATRIX_PLANS: readonly MatrixPlan[] = [MATRIX_PLAN, MATRIX_BUGS_PLAN, CLI_PLAN];

/** Writes the matrix lab on `plan`, with one fault armed (or none), to `file`; returns `file`. */
export async function writeMatrixLab(file: string, plan: MatrixPlan, fault?: FaultId): Promise<string> {
  const text = await readFile(LAB, 'utf8');
  const onPlan = text
    .replaceAll('../../labs/loads/', `${LOADS}/`)
    .replaceAll(`${MATRIX_PLAN.hq}.`, `${plan.hq}.`)
    .replaceAll(`${MATRIX_PLAN.branches}.`, `${plan.branches}.`)
    .replaceAll(`namespace: ${MATRIX_PLAN.prefix}`, `namespace: ${plan.prefix}`);
  const armed = fault === undefined ? onPlan : onPlan.replace(/^faults: \[\]$/m, `faults: [{ id: ${fault} }]`);
  if (fault !== undefined && armed === onPlan) throw new Error(`${LAB} must end with "faults: []"`);
  await writeFile(file, armed);
  return file;
}

/** What keeps a matrix lab apart from any other virtual lab on the machine: prefix, transfer net, state, leases. */
export function matrixEnv(workDir: string, plan: MatrixPlan = MATRIX_PLAN): NodeJS.ProcessEnv {
  return {
    PFSLAB_STATE_DIR: path.join(workDir, 'state'),
    PFSLAB_LEASE_DIR: path.join(workDir, 'leases'),
    PFSLAB_LAB_PREFIX: plan.prefix,
    PFSLAB_LAB_TRANSFER_CIDR: plan.transferCidr,
  };
}

/** The network namespaces of `plan`'s prefix that exist now (a lab of that plan still up, or leaked). */
export function namespacesLeft(plan: MatrixPlan): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith(plan.prefix));
}

/** Writes the matrix lab on `plan` into a suite's temporary directory before its tests; returns its path. */
export function matrixLabPerSuite(dir: () => string, plan: MatrixPlan): () => string {
  const file = (): string => path.join(dir(), 'matrix-lab.yaml');
  before(async () => {
    await writeMatrixLab(file(), plan);
  });
  return file;
}
