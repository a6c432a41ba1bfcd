// Reading a port's state (RFC 3621 on every backend: a Catalyst serves pethPsePortTable
// too) and waiting, under a deadline, until its DetectionStatus says what a cycle needs.
import { setTimeout as sleep } from 'node:timers/promises';
import { PETH_PSE_PORT_ENTRY, PethPsePortColumn as C, cellOid } from '../../harness/formats/snmp/oids.ts';
import { PoeError } from './errors.ts';
import type { SnmpClient } from './snmp-client.ts';
import type { PsePort } from './pse-port.ts';
import { portLabel } from './pse-port.ts';

export const DETECTION_NAMES = ['disabled', 'searching', 'deliveringPower', 'fault', 'test', 'otherFault'] as const;
export type DetectionStatus = (typeof DETECTION_NAMES)[number];

export interface PortStatus {
  /** pethPsePortAdminEnable is true(1). */
  admin: boolean;
  detection: DetectionStatus;
  /** IEEE 802.3af/at class of the powered device, when the switch reports one. */
  powerClass?: number;
}

const TRUE = 1;

export async function readStatus(client: SnmpClient, p: PsePort): Promise<PortStatus> {
  const cell = (column: number) => cellOid(PETH_PSE_PORT_ENTRY, column, p.group, p.port);
  const label = { port: portLabel(p), operation: 'GET pethPsePortAdminEnable/DetectionStatus/PowerClassifications' };
  // PowerClassifications is optional: RFC 3621 lets a switch omit it while nothing is classified.
  const [admin, detection, classification] = await client.getOptionalIntegers(
    [cell(C.pethPsePortAdminEnable), cell(C.pethPsePortDetectionStatus), cell(C.pethPsePortPowerClassifications)],
    label,
  );
  const name = detection === undefined ? undefined : DETECTION_NAMES[detection - 1];
  if (admin === undefined || name === undefined) {
    throw new PoeError(client.switchName, label.port, label.operation, 'noSuchInstance', 'the switch has no such PSE port');
  }
  const status: PortStatus = { admin: admin === TRUE, detection: name };
  // class0(1) .. class4(5): the IEEE class plus one. RFC 3621: valid only while
  // deliveringPower (a switch may keep reporting the last class, or class0, after the off).
  if (name === 'deliveringPower' && classification !== undefined && classification >= 1 && classification <= 5) {
    status.powerClass = classification - 1;
  }
  return status;
}

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Time between two reads. */
  pollMs: number;
}

/** Polls the port until `wanted` holds; a PoeError naming the last status when the deadline passes. */
export async function waitForDetection(
  client: SnmpClient,
  p: PsePort,
  what: string,
  wanted: (d: DetectionStatus) => boolean,
  opts: WaitOptions,
): Promise<PortStatus> {
  const deadline = performance.now() + opts.timeoutMs;
  for (;;) {
    const status = await readStatus(client, p);
    if (wanted(status.detection)) return status;
    if (performance.now() >= deadline) {
      throw new PoeError(client.switchName, portLabel(p), `waiting until ${what}`, 'deadline passed', `${opts.timeoutMs} ms; DetectionStatus is ${status.detection}`);
    }
    await sleep(Math.min(opts.pollMs, Math.max(0, deadline - performance.now())));
  }
}
