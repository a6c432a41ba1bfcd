// The command line of a mocha that runs chosen suites the way plain `npx mocha` would:
// .mocharc.json's options (tsx, the root hooks, the timeout) taken as they are, but not its
// spec list, which mocha would add to the suites chosen here. Used by `pfslab run` and by
// the fault matrix, so that both run suites exactly as users do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PFSLAB_ROOT } from '../../lab/repo-paths.ts';

interface MochaRc {
  'node-option'?: string[];
  require?: string[];
  timeout?: number;
}

/** Arguments for `node` (the mocha entry point first), to be run with cwd = the checkout. */
export function suiteMochaArgs(files: readonly string[], extra: readonly string[] = []): string[] {
  const rc = JSON.parse(readFileSync(path.join(PFSLAB_ROOT, '.mocharc.json'), 'utf8')) as MochaRc;
  return [
    path.join(PFSLAB_ROOT, 'node_modules/mocha/bin/mocha.js'),
    '--no-config',
    ...(rc['node-option'] ?? []).flatMap((o) => ['--node-option', o]),
    ...(rc.require ?? []).flatMap((r) => ['--require', r]),
    ...(rc.timeout !== undefined ? ['--timeout', String(rc.timeout)] : []),
    ...extra,
    ...files,
  ];
}
