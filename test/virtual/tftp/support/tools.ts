// Running Debian's TFTP clients from a test. Asynchronously: the server under test runs in
// this process and must keep answering while the client runs.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** Fails (never skips) when a client is missing: the setup script installs it. */
export function requireTool(path: string, pkg: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing (Debian package ${pkg}): run \`npm run setup\``);
  }
}

export interface ToolResult {
  code: number | null;
  output: string;
}

export function runTool(cmd: string, args: string[], cwd?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
