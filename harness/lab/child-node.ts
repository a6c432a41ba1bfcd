// How to start another pfslab module as a node process (a device of the virtual lab, the lab
// controller, the WAN relay, mocha's reporter and root hooks), chosen by what the current
// process runs from: compiled code starts compiled children with plain node (no transpiler
// for users, stack traces mapped back to .ts lines); TypeScript source under tsx (the tests)
// starts the .ts sources under tsx, so that a test never runs a stale build.

import { existsSync } from 'node:fs';
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

/**
 * Where the virtual lab's own processes (its controller, devices and WAN relay) run from when
 * this process runs from source: a build folder named by `PFSLAB_LAB_BUILD`, or undefined (the
 * .ts sources under tsx). They share nothing with the process that starts them but messages
 * and sockets, so a test from source loses nothing when they run compiled, provided that build
 * is fresh: the test runner (test/run-streams.ts) compiles into a folder of its own right
 * before the tests and sets the variable; a folder of its own, because a test that packs the
 * package rebuilds build/ meanwhile. Why: a 12-phone lab starts 16 node processes at once, and
 * under tsx each costs about 0.6 s of CPU before it runs, compiled about 0.2 s (measured:
 * importing the phone's modules, 0.50 against 0.17 s user time).
 */
function labBuildRoot(): string | undefined {
  if (RUNNING_COMPILED) return undefined;
  const dir = process.env.PFSLAB_LAB_BUILD;
  return dir === undefined || dir === '' ? undefined : dir;
}

/** The file that runs the lab module `sourcePath`: as moduleFile, or from the tests' lab build (labBuildRoot). */
export function labModuleFile(sourcePath: string): string {
  const root = labBuildRoot();
  if (root === undefined) return moduleFile(sourcePath);
  const built = join(root, sourcePath.replace(/\.ts$/, '.js'));
  if (!existsSync(built)) throw new Error(`PFSLAB_LAB_BUILD names ${root}, which has no ${sourcePath.replace(/\.ts$/, '.js')}: compile into it first (test/run-streams.ts does)`);
  return built;
}

/** Node options for a lab process (see labBuildRoot). */
export function labNodeOptions(): string[] {
  return labBuildRoot() === undefined ? childNodeOptions() : ['--enable-source-maps'];
}

/** `node` arguments that run the lab module `sourcePath` with `args` (see labBuildRoot). */
export function labNodeArgs(sourcePath: string, args: readonly string[] = []): string[] {
  return [...labNodeOptions(), labModuleFile(sourcePath), ...args];
}
