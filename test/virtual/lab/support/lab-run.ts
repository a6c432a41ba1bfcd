// The controller tests' own lab run: the fixture lab under a namespace prefix and transfer
// network of their own, a state file in a temporary directory, and helpers that ask the
// lab over its real protocols with Debian's tools.

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runPrefix } from '../../../../labs/virtual/network/index.ts';

export const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'small-lab.yaml');
/** 169.254.200-249 are the network tests'; 169.254.77 the default lab's. */
export const TRANSFER_CIDR = '169.254.250.0/29';
export const PREFIX = runPrefix(`9${process.pid}`);
export const ROOT_NEEDED = 'the lab controller tests bring up namespaces and need root (CI runs as root); they fail rather than skip';

/** Test values of the fixture's virtual: references (not secrets of any real device). */
export const FIXTURE_SECRETS = ['lab-test-cucm', 'lab-test-ro', 'lab-test-rw', 'lab-test-ssh', 'lab-test-console'];
export const CUCM_PASSWORD = 'lab-test-cucm';
export const READ_COMMUNITY = 'lab-test-ro';
export const WRITE_COMMUNITY = 'lab-test-rw';

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'pfslab-lab-test-'));
}

export interface Captured {
  io: { out(text: string): void; err(text: string): void };
  text(): string;
}

export function captureIo(): Captured {
  let all = '';
  return { io: { out: (t) => (all += t), err: (t) => (all += t) }, text: () => all };
}

const exec = promisify(execFile);

export async function run(cmd: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  const { stdout } = await exec(cmd, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 15_000 });
  return stdout;
}

export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

/** Retries `check` until it passes (or throws its last error after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, stepMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}
