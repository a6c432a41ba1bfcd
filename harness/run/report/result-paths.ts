// Where one mocha run leaves its machine-readable results, relative to the run directory.
// Shared by the reporter (which writes them) and the nightly command (which reads them).
import path from 'node:path';

export interface ResultPaths {
  /** allure-mocha's results: *-result.json, *-container.json, *-attachment.* */
  allureResults: string;
  /** JUnit-compatible XML from mocha's xunit reporter, for CI systems that read JUnit. */
  junitXml: string;
}

export function resultPaths(runDir: string): ResultPaths {
  const dir = path.resolve(runDir);
  return { allureResults: path.join(dir, 'allure-results'), junitXml: path.join(dir, 'junit.xml') };
}
