// The lab bus: what on a real lab happens inside devices and along cables, carried by the
// controller between the device processes (see README.md). Suites never use it; they reach
// the devices through their real protocols only.
//
//   switch  --power(group.port, on)-->  controller  --"power on|off"-->  phone on that port
//   CUCM    --config(name, xml)------>  controller  --put(name)------->  TFTP memory store
//   CUCM    --notify(phone, action)-->  controller  --power cycle----->  phone (if powered)
//   phone   --state running / off---->  controller  --registration---->  CUCM (Find and List Phones)

import type { DeviceAction } from '../cucm/index.ts';
import type { DeviceProcess } from './device-process.ts';
import type { ChildMessage, PutFile, Registration } from './messages.ts';
import type { PhonePort } from './switch-ports.ts';

interface PhoneLine {
  process: DeviceProcess;
  port?: PhonePort;
  /** Whether its PoE port delivers power (a phone without a port is always powered). */
  powered: boolean;
}

export class LabBus {
  private tftp: DeviceProcess | undefined;
  private cucm: DeviceProcess | undefined;
  /** Files CUCM wrote before the TFTP server was attached, in order. */
  private readonly pendingFiles: PutFile[] = [];
  private readonly phones = new Map<string, PhoneLine>();

  constructor(private readonly log: (line: string) => void) {}

  attachTftp(tftp: DeviceProcess): void {
    this.tftp = tftp;
    for (const put of this.pendingFiles.splice(0)) tftp.child.send(put);
  }

  attachCucm(cucm: DeviceProcess): void {
    this.cucm = cucm;
  }

  /** A phone's state line: running = registered with CUCM at its address; off (or a failed boot) = unregistered. */
  fromPhone(name: string, ip: string, state: string): void {
    if (!this.cucm?.child.connected) return;
    if (state === 'running') this.cucm.child.send({ type: 'registration', phone: name, ip } satisfies Registration);
    else if (state === 'off' || state === 'boot-failed') this.cucm.child.send({ type: 'registration', phone: name } satisfies Registration);
  }

  attachPhone(name: string, process: DeviceProcess, port: PhonePort | undefined, powered: boolean): void {
    this.phones.set(name.toUpperCase(), { process, ...(port ? { port } : {}), powered });
  }

  /** A message from CUCM. */
  fromCucm(m: ChildMessage): void {
    if (m.type === 'config') {
      const put: PutFile = { type: 'put', name: m.name, content: m.xml };
      if (this.tftp?.child.connected) this.tftp.child.send(put);
      else this.pendingFiles.push(put);
    } else if (m.type === 'notify') {
      this.notifyPhone(m.phone, m.action);
    }
  }

  /** A message from switch `switchName`. */
  fromSwitch(switchName: string, m: ChildMessage): void {
    if (m.type !== 'power') return;
    for (const [name, line] of this.phones) {
      const p = line.port;
      if (!p || p.switch !== switchName || p.group !== m.group || p.port !== m.port) continue;
      line.powered = m.on;
      this.log(`bus: ${switchName} ${m.ifName} power ${m.on ? 'on' : 'off'} -> ${name}`);
      this.command(line, m.on ? 'power on' : 'power off');
    }
  }

  /**
   * CUCM's apply/restart/reset of a phone. phone-main.ts has only power on/off, so all three
   * become a power cycle (a reset); a phone whose port is off stays off, as a real one would.
   */
  private notifyPhone(name: string, action: DeviceAction): void {
    const line = this.phones.get(name.toUpperCase());
    if (!line) return;
    if (!line.powered) {
      this.log(`bus: cucm ${action} ${name}: ignored, the phone has no power`);
      return;
    }
    this.log(`bus: cucm ${action} ${name} -> power cycle`);
    this.command(line, 'power off');
    this.command(line, 'power on');
  }

  private command(line: PhoneLine, text: string): void {
    const stdin = line.process.child.stdin;
    if (stdin && !stdin.destroyed) stdin.write(`${text}\n`);
  }
}
