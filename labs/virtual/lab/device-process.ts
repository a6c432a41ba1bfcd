// One device of the lab as a child process inside its own network stack: started with
// `runInHost`, its output prefixed into the controller's log (redacted), and ready once it
// says so (IPC devices: a 'ready' message; phones: their first state line on stdout).

import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { redact } from '../../../harness/lab/index.ts';
import { labModuleFile, labNodeOptions } from '../../../harness/lab/child-node.ts';
import { PFSLAB_ROOT } from '../../../harness/lab/repo-paths.ts';
import type { NetworkHandle } from '../network/index.ts';
import type { ChildMessage } from './messages.ts';
import { isChildMessage } from './messages.ts';

/**
 * Each device's entry file: compiled .js when this runs compiled (or the tests compiled the lab:
 * labBuildRoot in child-node.ts), the .ts source under tsx otherwise. Also the markers
 * the teardown sweep looks for.
 */
export const ENTRIES = {
  tftp: labModuleFile('labs/virtual/lab/tftp-main.ts'),
  cucm: labModuleFile('labs/virtual/lab/cucm-main.ts'),
  switch: labModuleFile('labs/virtual/lab/switch-main.ts'),
  phone: labModuleFile('labs/virtual/phone/phone-main.ts'),
  controller: labModuleFile('labs/virtual/lab/controller-main.ts'),
} as const;

/** Node (and tsx, from source) start slowly on a busy machine; CUCM also makes its TLS certificate. */
const READY_TIMEOUT_MS = 120_000;

export interface DeviceProcess {
  device: string;
  child: ChildProcess;
  marker: string;
  /** Resolves with the first message/line that says the device runs; rejects if it fails or exits first. */
  ready: Promise<ChildMessage | Record<string, unknown>>;
}

export function pipeLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream) createInterface({ input: stream }).on('line', onLine);
}

function startChild(net: NetworkHandle, device: string, entry: string, args: string[], ipc: boolean): ChildProcess {
  return net.runInHost(device, process.execPath, [...labNodeOptions(), entry, ...args], {
    cwd: PFSLAB_ROOT,
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
  });
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with ${String(code)}`;
}

/**
 * Settles when `wire` reports the device ready (or failed); rejects on the start-up deadline,
 * when the process exits first, or when it cannot be spawned. Later reports are no-ops.
 */
function whenReady<T>(child: ChildProcess, device: string, wire: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
  const ready = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${device} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const settle =
      <A>(f: (a: A) => void) =>
      (a: A): void => {
        clearTimeout(timer);
        f(a);
      };
    wire(settle(resolve), settle(reject));
    child.once('exit', (code, signal) => settle(reject)(new Error(`${device} ${exitText(code, signal)} before it was ready`)));
    child.once('error', settle(reject));
  });
  ready.catch(() => undefined); // the controller awaits it; this only keeps an early failure from being "unhandled"
  return ready;
}

/** TFTP, CUCM, a switch: configured by an init message on the IPC channel (secrets stay off the command line). */
export function startIpcDevice(
  net: NetworkHandle,
  device: string,
  entry: string,
  init: object,
  log: (line: string) => void,
  onMessage: (m: ChildMessage) => void,
): DeviceProcess {
  const child = startChild(net, device, entry, [], true);
  pipeLines(child.stdout, (l) => log(redact(l)));
  pipeLines(child.stderr, (l) => log(redact(l)));
  const ready = whenReady<ChildMessage>(child, device, (resolve, reject) => {
    child.on('message', (m: unknown) => {
      if (!isChildMessage(m)) return;
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'failed') reject(new Error(`${device}: ${redact(m.message)}`));
      else onMessage(m);
    });
  });
  child.send(init);
  return { device, child, marker: entry, ready };
}

/** A phone: phone-main.ts with its spec in a file (it holds the console password), power on stdin. */
export function startPhone(
  net: NetworkHandle,
  device: string,
  specFile: string,
  powered: boolean,
  log: (line: string) => void,
  onState: (state: Record<string, unknown>) => void,
): DeviceProcess {
  const args = ['--spec', `@${specFile}`, '--net', net.mode === 'netns' ? 'namespace' : 'loopback', '--power', powered ? 'on' : 'off'];
  const child = startChild(net, device, ENTRIES.phone, args, false);
  pipeLines(child.stderr, (l) => log(`${device}: ${redact(l)}`));
  const ready = whenReady<Record<string, unknown>>(child, device, (resolve) => {
    pipeLines(child.stdout, (line) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        log(`${device}: ${redact(line)}`);
        return;
      }
      resolve(event);
      onState(event);
    });
  });
  // A closed stdin makes phone-main quit; an EPIPE after it died is not the controller's problem.
  child.stdin?.on('error', () => undefined);
  return { device, child, marker: ENTRIES.phone, ready };
}

