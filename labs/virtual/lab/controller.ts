// The lab controller: one foreground process in the root namespace that owns the virtual
// lab. It validates the lab (nothing is created for a lab it cannot build), brings up the
// network, starts every device as a child in its own network stack, carries the lab bus,
// writes the state file, and tears everything down on every way out.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedLab } from '../../../harness/lab/index.ts';
import { formatPath } from '../../../harness/lab/errors.ts';
import { guardExit, LabError, loadLab, resolveSecret, SecretError } from '../../../harness/lab/index.ts';
import type { NetworkHandle, NetworkMode } from '../network/index.ts';
import { NetworkModeError, planNetwork, up, validatePlan } from '../network/index.ts';
import type { DeviceProcess } from './device-process.ts';
import { ENTRIES, startIpcDevice, startPhone } from './device-process.ts';
import { planDevices } from './device-plan.ts';
import { renderEndpoints } from './endpoints.ts';
import { LabBus } from './lab-bus.ts';
import { virtualLabIssues } from './lab-checks.ts';
import { cleanUpLab } from './cleanup.ts';
import { isAlive } from './processes.ts';
import type { LabState } from './state-file.ts';
import { readState, removeState, writeState } from './state-file.ts';

export interface ControllerOptions {
  labFile: string;
  /** auto: namespaces as root, loopback otherwise. */
  mode: NetworkMode | 'auto';
  /** Namespace prefix and transfer network (planNetwork options); tests use their own. */
  prefix?: string;
  transferCidr?: string;
  stateFile: string;
  /** Where the controller's own log goes, recorded in the state file (detached runs). */
  logFile?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_FAILED = 1;
export const EXIT_BAD_LAB = 2;

/** How long a device gets to stop by itself before the network's teardown kills it. */
const STOP_GRACE_MS = 3000;

/** Loads and checks the lab: LabError with every problem (file:line) before anything exists. */
export async function loadBuildableLab(labFile: string, prefix?: string, transferCidr?: string) {
  const lab = await loadLab(labFile);
  const plan = planNetwork(lab, { ...(prefix ? { prefix } : {}), ...(transferCidr ? { transferCidr } : {}) });
  const issues = [...validatePlan(plan), ...virtualLabIssues(lab)];
  // Every secret reference resolved now: a missing env: variable is a bad lab, found before anything exists.
  for (const field of lab.secrets) {
    try {
      await resolveSecret(field.ref, { kind: 'virtual' });
    } catch (e) {
      if (!(e instanceof SecretError)) throw e;
      const pos = lab.locate(field.path);
      issues.push({ file: lab.file, line: pos.line, col: pos.col, path: formatPath(field.path), message: e.message });
    }
  }
  if (issues.length > 0) throw new LabError(issues);
  return { lab, plan };
}

/**
 * Runs the lab until a signal ends it. Resolves with an exit code only when the lab could
 * not be brought up; once it is up, guardExit's signal handler tears down and exits.
 */
export async function runController(opts: ControllerOptions, io: Io): Promise<number> {
  const log = (line: string) => io.out(`${new Date().toISOString()} ${line}\n`);
  let lab: LoadedLab;
  let plan: ReturnType<typeof planNetwork>;
  try {
    ({ lab, plan } = await loadBuildableLab(opts.labFile, opts.prefix, opts.transferCidr));
  } catch (e) {
    if (e instanceof LabError || e instanceof SecretError) {
      io.err(`pfslab lab up: the virtual lab cannot be built:\n${e.message}\n`);
      return EXIT_BAD_LAB;
    }
    throw e;
  }

  const previous = await readState(opts.stateFile);
  if (previous && previous.controllerPid !== process.pid && isAlive(previous.controllerPid)) {
    io.err(`pfslab lab up: a lab is already running (controller pid ${previous.controllerPid}, ${previous.labFile}); run pfslab lab down first\n`);
    return EXIT_FAILED;
  }
  if (previous) await cleanUpLab(previous, log); // a crashed controller's leftovers

  const state: LabState = {
    version: 1,
    status: 'starting',
    labFile: path.resolve(opts.labFile),
    mode: opts.mode === 'loopback' || (opts.mode === 'auto' && process.getuid?.() !== 0) ? 'loopback' : 'netns',
    controllerPid: process.pid,
    controllerMarker: process.argv[1] ?? ENTRIES.controller,
    prefix: plan.prefix,
    subnets: plan.subnets.map((s) => s.name),
    children: [],
    ...(opts.logFile ? { log: opts.logFile } : {}),
    startedAt: new Date().toISOString(),
  };
  // Written before anything exists, so that `lab down` after a crash during bring-up finds the prefix.
  await writeState(opts.stateFile, state);

  let net: NetworkHandle | undefined;
  const devices: DeviceProcess[] = [];
  let specDir: string | undefined;
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const teardown = async () => {
    stopping = true;
    clearInterval(keepAlive);
    log('lab: stopping devices');
    for (const d of devices) {
      if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGTERM');
    }
    await Promise.all(devices.map((d) => exited(d, STOP_GRACE_MS)));
    await net?.down();
    if (specDir) await rm(specDir, { recursive: true, force: true });
    await removeState(opts.stateFile);
    log('lab: down');
  };
  const finish = guardExit(teardown, (line) => log(line));

  try {
    net = await up(plan, { mode: opts.mode });
    log(`lab: network up (${net.mode}, prefix ${plan.prefix})`);
    const deviceLog = (line: string) => log(line);
    const bus = new LabBus(deviceLog);
    const { tftp: tftpInit, cucm: cucmInit, switches, phones, endpoints } = await planDevices(lab, net);

    const tftp = startIpcDevice(net, 'tftp', ENTRIES.tftp, tftpInit, deviceLog, () => undefined);
    devices.push(tftp);
    await tftp.ready;
    bus.attachTftp(tftp);
    const cucm = startIpcDevice(net, 'cucm', ENTRIES.cucm, cucmInit, deviceLog, (m) => bus.fromCucm(m));
    devices.push(cucm);
    bus.attachCucm(cucm);
    const switchProcesses = switches.map((s) => startIpcDevice(net!, s.name, ENTRIES.switch, s.init, deviceLog, (m) => bus.fromSwitch(s.name, m)));
    devices.push(...switchProcesses);
    // CUCM writes every configuration file when it starts: phones boot once they are on the TFTP server.
    await Promise.all([cucm.ready, ...switchProcesses.map((s) => s.ready)]);

    specDir = await mkdtemp(path.join(tmpdir(), 'pfslab-phones-'));
    const phoneProcesses: DeviceProcess[] = [];
    for (const p of phones) {
      const file = path.join(specDir, `${p.spec.name}.json`);
      await writeFile(file, JSON.stringify(p.spec), { mode: 0o600 });
      // A plugged port starts powered (the switch has been up): every phone boots.
      const proc = startPhone(net, p.spec.name, file, true, deviceLog, (event) => {
        if (event.event !== 'state') return;
        log(`${p.spec.name}: ${String(event.state)} (load ${String(event.load)})`);
        bus.fromPhone(p.spec.name, p.spec.ip, String(event.state));
      });
      bus.attachPhone(p.spec.name, proc, p.port, true);
      phoneProcesses.push(proc);
      devices.push(proc);
    }
    await Promise.all(phoneProcesses.map((p) => p.ready));
    // The specs hold the console password: gone once every phone has read its own.
    await rm(specDir, { recursive: true, force: true });
    specDir = undefined;

    for (const d of devices) {
      d.child.once('exit', (code, signal) => {
        if (!stopping) log(`lab: ${d.device} ended (${signal ?? String(code)}); the lab is degraded`);
      });
    }
    Object.assign(state, {
      status: 'ready',
      children: devices.map((d) => ({ device: d.device, pid: d.child.pid ?? 0, marker: d.marker })),
      endpoints,
      readyAt: new Date().toISOString(),
    } satisfies Partial<LabState>);
    await writeState(opts.stateFile, state);
    io.out(`Virtual lab ${lab.spec.name} is up (${net.mode}); state in ${opts.stateFile}\n${renderEndpoints(endpoints)}`);
    log('lab: ready; Ctrl-C or `pfslab lab down` ends it');
    return await new Promise<number>(() => undefined);
  } catch (e) {
    const message = e instanceof NetworkModeError || e instanceof Error ? e.message : String(e);
    io.err(`pfslab lab up: ${message}\n`);
    await finish();
    return e instanceof LabError ? EXIT_BAD_LAB : EXIT_FAILED;
  }
}

function exited(d: DeviceProcess, timeoutMs: number): Promise<void> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    d.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
