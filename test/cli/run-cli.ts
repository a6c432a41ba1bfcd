// Runs the `pfslab` command line from its TypeScript source (under tsx, as the tests run, so
// a test never runs a stale build; test/cli/package.test.ts runs the built, installed one),
// and returns what it printed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childNodeArgs } from '../../harness/lab/child-node.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `node` arguments that run `pfslab ARGS` from source (tsx's loader, then harness/run/cli.ts). */
export function cliNodeArgs(args: readonly string[]): string[] {
  return childNodeArgs('harness/run/cli.ts', args);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliNodeArgs(args), { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A `pfslab` process started in the background, and what it has printed so far. */
export interface CliChild {
  child: ChildProcess;
  output: () => string;
  /** Resolves once it printed upgrade progress ("N/M phones on the target load"): the lab is being changed. */
  upgrading: Promise<void>;
  /** Resolves with its exit code. */
  closed: Promise<number | null>;
}

export function startCli(args: string[], opts: { env: NodeJS.ProcessEnv; detached?: boolean }): CliChild {
  const child = spawn(process.execPath, cliNodeArgs(args), { cwd: REPO_ROOT, env: opts.env, detached: opts.detached ?? false });
  let output = '';
  const upgrading = new Promise<void>((resolve) => {
    const look = (d: Buffer): void => {
      output += d.toString();
      // Changes are made (PFS and loads in CUCM, captures running) once the phones are being upgraded.
      if (/phones on the target load/.test(output)) resolve();
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, upgrading, closed };
}

/** A temporary directory for one describe block, removed after it; call at describe level. */
export function tempDirPerSuite(prefix: string): () => string {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
