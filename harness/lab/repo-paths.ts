// Where the repositories are, so that a secret file inside one can be refused: a file in a
// work tree is one `git add .` away from being published.

import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * Whether this code runs compiled (build/harness/lab/repo-paths.js, plain node) or as
 * TypeScript source under tsx (harness/lab/repo-paths.ts, the tests). Children follow suit:
 * see child-node.ts.
 */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');

/**
 * The pfslab package root (a checkout, or where npm installed the package): package.json,
 * labs/, reports/. From source harness/lab/ is two levels below it, from build/harness/lab/ three.
 */
export const PFSLAB_ROOT = RUNNING_COMPILED ? resolve(import.meta.dirname, '..', '..', '..') : resolve(import.meta.dirname, '..', '..');

/**
 * Where the running code lives: the build folder it was compiled into (build/, or the tests'
 * lab build, see labBuildRoot in child-node.ts) when compiled, the package root when run from source.
 */
export const CODE_ROOT = RUNNING_COMPILED ? resolve(import.meta.dirname, '..', '..') : PFSLAB_ROOT;

/** The top of the git work tree containing `start`, or undefined outside any. */
export function gitRootOf(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Resolves symlinks where the path exists, so a link from /tmp into the repo is still caught. */
export function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(realOrResolved(root), realOrResolved(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The roots a secret file must stay out of: pfslab itself and any work tree given. */
export function forbiddenRoots(...starts: (string | undefined)[]): string[] {
  const roots = new Set<string>([PFSLAB_ROOT]);
  for (const start of starts) {
    const root = start === undefined ? undefined : gitRootOf(start);
    if (root) roots.add(root);
  }
  return [...roots];
}

/** The repository root `path` lies in, if it lies in one of `roots`. */
export function repositoryContaining(path: string, roots: readonly string[]): string | undefined {
  return roots.find((root) => isInside(path, root));
}
