// Runs the `pfslab` command line from its TypeScript source (under tsx, as the tests run, so
// a test never runs a stale build; test/cli/package.test.ts runs the built, installed one),
// and returns what it printed.
import { spawn } from 'node:child_process';
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
