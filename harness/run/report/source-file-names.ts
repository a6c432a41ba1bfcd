// Compiled suites (build/suites/x.spec.js) are reported under their sources' names
// (suites/x.spec.ts): Allure derives a test's full name, and so its history across runs, from
// the file, and the JUnit XML names it too. A run of the build and a run of the sources
// (plain `npx mocha`) are then the same tests in the report's trend.
import path from 'node:path';
import type Mocha from 'mocha';
import { CODE_ROOT, PFSLAB_ROOT, RUNNING_COMPILED } from '../../lab/repo-paths.ts';

/** build/<x>.js -> <x>.ts under the package root; any other path as it is. */
export function sourcePathOf(file: string): string {
  const rel = path.relative(CODE_ROOT, file);
  if (!RUNNING_COMPILED || rel.startsWith('..') || path.isAbsolute(rel) || !rel.endsWith('.js')) return file;
  return path.join(PFSLAB_ROOT, `${rel.slice(0, -'.js'.length)}.ts`);
}

interface Runnable {
  file?: string;
}
/** What of a mocha Suite is renamed; its hooks are kept in fields the typings do not publish. */
interface SuiteLike extends Runnable {
  tests: Runnable[];
  suites: SuiteLike[];
  _beforeAll?: Runnable[];
  _beforeEach?: Runnable[];
  _afterAll?: Runnable[];
  _afterEach?: Runnable[];
}

/** Call before any other reporter listens to `runner`: renames every suite, test and hook once the run starts. */
export function reportSourceFileNames(runner: Mocha.Runner): void {
  if (!RUNNING_COMPILED) return;
  runner.once('start', () => rename(runner.suite as unknown as SuiteLike));
}

function rename(suite: SuiteLike): void {
  const fix = (r: Runnable): void => {
    if (r.file !== undefined) r.file = sourcePathOf(r.file);
  };
  fix(suite);
  for (const r of [...suite.tests, ...(suite._beforeAll ?? []), ...(suite._beforeEach ?? []), ...(suite._afterAll ?? []), ...(suite._afterEach ?? [])]) fix(r);
  for (const child of suite.suites) rename(child);
}
