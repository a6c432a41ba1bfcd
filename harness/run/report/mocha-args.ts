// The mocha CLI arguments that make one run write Allure results, JUnit XML and spec output.
// Kept apart from mocha-reporter.ts so that the nightly process can build the arguments
// without loading mocha or allure-mocha itself.
import path from 'node:path';
import { moduleFile } from '../../lab/child-node.ts';

/**
 * The reporter module mocha loads (by absolute path, so the run's cwd does not matter):
 * compiled .js when this runs compiled, the .ts source otherwise.
 */
export const REPORTER_MODULE = moduleFile('harness/run/report/mocha-reporter.ts');

/**
 * `npx mocha --config .mocharc.json ...mochaReporterArgs(runDir) files` writes
 * `<runDir>/allure-results/` and `<runDir>/junit.xml` and prints spec output. Mocha must load
 * tsx (`--node-option import=tsx`, as .mocharc.json does) when the reporter is TypeScript
 * (suiteMochaArgs does it).
 */
export function mochaReporterArgs(runDir: string): string[] {
  const dir = path.resolve(runDir);
  // Mocha splits --reporter-option on "," and "=", so such a path would arrive cut in pieces.
  if (/[,=]/.test(dir)) throw new Error(`run directory ${dir} contains "," or "=", which mocha's --reporter-option cannot carry`);
  return ['--reporter', REPORTER_MODULE, '--reporter-option', `runDir=${dir}`];
}
