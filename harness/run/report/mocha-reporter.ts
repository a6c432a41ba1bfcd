// The reporter mocha is given (see mocha-args.ts): allure-mocha, with mocha's own `spec`
// (terminal) and `xunit` (JUnit XML file) reporters attached through allure-mocha's
// `extraReporters`, so that one run produces all three. Mocha's --reporter-option can only
// carry flat strings, which is why this module turns one `runDir` into the nested options.
//
// Mocha loads a reporter with require(); the export named 'module.exports' is what Node's
// require() of an ES module returns, so mocha receives the class itself.
import { terminalSafe } from '../../io/untrusted-text.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import * as allureMocha from 'allure-mocha';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import * as mochaModule from 'mocha';
import type Mocha from 'mocha';
import { redact } from '../../lab/index.ts';
import { redactReporterConsole } from './redact-console.ts';
import { RedactingWriter } from './redacting-writer.ts';
import { resultPaths } from './result-paths.ts';
import { reportSourceFileNames } from './source-file-names.ts';

// allure-mocha ships an ES build and a CommonJS one whose `default` is the class. Depending on
// which one is loaded (require() from mocha goes through tsx's CommonJS interop), the
// namespace's `default` is the class or the CommonJS exports object holding it.
type AllureReporterClass = typeof allureMocha.default.default;
const loaded = allureMocha as unknown as { default: AllureReporterClass | { default: AllureReporterClass } };
const AllureMochaReporter: AllureReporterClass = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;

class PfslabReporter extends AllureMochaReporter {
  private readonly junitXml: string;

  constructor(runner: Mocha.Runner, opts: Mocha.MochaOptions) {
    const given = (opts.reporterOptions ?? {}) as Record<string, unknown>;
    const runDir = given.runDir;
    if (typeof runDir !== 'string' || runDir === '') {
      throw new Error('pfslab reporter: give --reporter-option runDir=DIR (see harness/run/report/mocha-args.ts)');
    }
    const paths = resultPaths(runDir);
    // Before super(): its listeners (Allure, spec, xunit) must see the sources' file names.
    reportSourceFileNames(runner);
    super(runner, {
      ...opts,
      reporterOptions: {
        resultsDir: paths.allureResults,
        extraReporters: [['spec'], ['xunit', { output: paths.junitXml, suiteName: 'pfslab' }]],
        // Replaces allure-mocha's default writer (same files, same place), scrubbing secrets first.
        writer: new RedactingWriter(new FileSystemWriter({ resultsDir: paths.allureResults })),
      },
    });
    this.junitXml = paths.junitXml;
    redactReporterConsole(mochaReporters().Base);
  }

  override done(failures: number, fn?: (failures: number) => void): void {
    super.done(failures, (f: number) => {
      // xunit has closed its file by now; its messages and stacks are scrubbed like the results.
      scrubFile(this.junitXml);
      fn?.(f);
    });
  }
}

/** mocha's reporters, from the same mocha instance that runs (CommonJS, one module cache). */
function mochaReporters(): typeof Mocha.reporters {
  const loaded = mochaModule as unknown as { reporters?: typeof Mocha.reporters; default?: { reporters: typeof Mocha.reporters } };
  const reporters = loaded.reporters ?? loaded.default?.reporters;
  if (reporters === undefined) throw new Error('pfslab reporter: mocha exposes no reporters');
  return reporters;
}

function scrubFile(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // no JUnit file (e.g. a parallel worker): nothing to scrub
  }
  // Test titles and assertion messages quote evidence: no control character reaches the XML.
  const clean = terminalSafe(redact(text));
  if (clean !== text) writeFileSync(file, clean);
}

export { PfslabReporter as 'module.exports' };
