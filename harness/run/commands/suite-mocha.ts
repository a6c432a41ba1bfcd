// The command line of a mocha that runs chosen suites the way plain `npx mocha` would:
// .mocharc.json's options (tsx, the root hooks, the timeout) taken as they are, but not its
// spec list, which mocha would add to the suites chosen here. Used by `pfslab run` and by
// the fault matrix, so that both run suites exactly as users do.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { moduleFile } from '../../lab/child-node.ts';
import { PFSLAB_ROOT, RUNNING_COMPILED } from '../../lab/repo-paths.ts';

interface MochaRc {
  'node-option'?: string[];
  require?: string[];
  timeout?: number;
}

/**
 * Arguments for `node` (the mocha entry point first), to be run with cwd = the checkout.
 * Running compiled, the suites and root hooks are the build's .js (no tsx, source maps on);
 * from source, .mocharc.json's tsx and .ts files as they are.
 */
export function suiteMochaArgs(files: readonly string[], extra: readonly string[] = []): string[] {
  const rc = JSON.parse(readFileSync(path.join(PFSLAB_ROOT, '.mocharc.json'), 'utf8')) as MochaRc;
  const nodeOptions = RUNNING_COMPILED ? ['enable-source-maps'] : (rc['node-option'] ?? []);
  const mocha = path.join(path.dirname(createRequire(import.meta.url).resolve('mocha/package.json')), 'bin', 'mocha.js');
  return [
    mocha,
    '--no-config',
    ...nodeOptions.flatMap((o) => ['--node-option', o]),
    ...(rc.require ?? []).flatMap((r) => ['--require', moduleFile(r)]),
    ...(rc.timeout !== undefined ? ['--timeout', String(rc.timeout)] : []),
    ...extra,
    ...files,
  ];
}
