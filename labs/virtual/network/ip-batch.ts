// Running ip/tc: one process per batch of commands (ip -batch -), because a thousand
// devices as one process per command would take longer than the tests they serve.

import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class NetworkCommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    super(`${command} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'NetworkCommandError';
  }
}

export function run(command: string, args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => undefined); // a command that exits early closes its stdin
    child.stdin.end(input ?? '');
  });
}

export async function runOk(command: string, args: readonly string[], input?: string): Promise<string> {
  const result = await run(command, args, input);
  if (result.code !== 0) throw new NetworkCommandError(`${command} ${args.join(' ')}`, result);
  return result.stdout;
}

export interface BatchOptions {
  /** Run inside this namespace (undefined: the root namespace). */
  namespace?: string;
  /** Keep going after a failing line (teardown: a missing object is not an error). */
  force?: boolean;
  /** Shell commands run in the namespace first (sysctl writes under /proc/sys/net). */
  preamble?: readonly string[];
  tool?: 'ip' | 'tc';
}

/** Runs `lines` through `ip -batch -` (or tc), in a namespace if asked. */
export async function batch(lines: readonly string[], options: BatchOptions = {}): Promise<void> {
  if (lines.length === 0 && !options.preamble?.length) return;
  const tool = options.tool ?? 'ip';
  const toolArgs = [...(options.force ? ['-force'] : []), '-batch', '-'];
  const input = lines.join('\n') + '\n';
  let result: CommandResult;
  let label: string;
  if (options.preamble?.length && options.namespace !== undefined) {
    // /proc/sys/net shows the namespace of the process that opens it: write it from inside.
    const script = `${options.preamble.join(' && ')} && exec ${tool} ${toolArgs.join(' ')}`;
    label = `ip netns exec ${options.namespace} sh -c '${script}'`;
    result = await run('ip', ['netns', 'exec', options.namespace, 'sh', '-c', script], input);
  } else {
    const args = [...(options.namespace !== undefined ? ['-n', options.namespace] : []), ...toolArgs];
    label = `${tool} ${args.join(' ')}`;
    result = await run(tool, args, input);
  }
  if (result.code !== 0 && !options.force) throw new NetworkCommandError(`${label} <<${lines.length} lines>>`, result);
}

/** Runs `fn` over `items`, at most `limit` at a time (the machine has few cores; ip is CPU-bound). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
