// How to start another pfslab module as a node process (a device of the virtual lab, the lab
// controller, the WAN relay, mocha's reporter and root hooks), chosen by what the current
// process runs from: compiled code starts compiled children with plain node (no transpiler
// for users, stack traces mapped back to .ts lines); TypeScript source under tsx (the tests)
// starts the .ts sources under tsx, so that a test never runs a stale build.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CODE_ROOT, RUNNING_COMPILED } from './repo-paths.ts';

/**
 * The file that runs `sourcePath` (relative to the package root, e.g.
 * 'labs/virtual/phone/phone-main.ts'): itself from source, build/...js when compiled.
 */
export function moduleFile(sourcePath: string): string {
  if (!sourcePath.endsWith('.ts')) throw new Error(`moduleFile: ${sourcePath} is not a .ts source path`);
  return join(CODE_ROOT, RUNNING_COMPILED ? sourcePath.replace(/\.ts$/, '.js') : sourcePath);
}

/**
 * tsx's ESM loader by absolute path, so that a child finds it whatever its cwd (its package
 * exports "." as dist/loader.mjs); resolved through require because mocha may run this file
 * as CommonJS, where import.meta.resolve is absent. Only asked for when running from source.
 */
function tsxLoader(): string {
  return join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
}

/** Node options a child needs before its entry file: source maps, or tsx from source. */
export function childNodeOptions(): string[] {
  return RUNNING_COMPILED ? ['--enable-source-maps'] : ['--import', tsxLoader()];
}

/** `node` arguments that run the module `sourcePath` (see moduleFile) with `args`. */
export function childNodeArgs(sourcePath: string, args: readonly string[] = []): string[] {
  return [...childNodeOptions(), moduleFile(sourcePath), ...args];
}
