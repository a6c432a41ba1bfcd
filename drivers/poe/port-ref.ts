// How callers name a port: a phone's device name (its lab entry says where it is plugged),
// or the switch and either the PSE index or the interface name.
import type { LabPhoneSpec } from '../../harness/lab/schema.ts';

export type PortRef = string | { switch: string; group: number; port: number } | { switch: string; ifName: string };

/** A port reference with the phone name looked up: either a PSE index or an ifName still to map. */
export type SwitchPortRef = { switch: string; group: number; port: number } | { switch: string; ifName: string };

export function describeRef(ref: PortRef): string {
  if (typeof ref === 'string') return ref;
  return 'ifName' in ref ? `${ref.switch} ${ref.ifName}` : `${ref.switch} ${ref.group}/${ref.port}`;
}

/** The phone's port from the lab, or the reference itself. */
export function phonePort(ref: PortRef, phones: readonly LabPhoneSpec[]): SwitchPortRef {
  if (typeof ref !== 'string') return ref;
  const phone = phones.find((p) => p.name.toUpperCase() === ref.toUpperCase());
  if (phone === undefined) throw new RangeError(`PoE: no phone ${ref} in the lab`);
  const p = phone.port;
  if (p === undefined) throw new RangeError(`PoE: phone ${ref} has no port: in the lab, so it cannot be power-cycled`);
  if (p.ifName !== undefined) return { switch: p.switch, ifName: p.ifName };
  if (p.group === undefined || p.port === undefined) throw new RangeError(`PoE: phone ${ref}'s port gives neither group/port nor ifName`);
  return { switch: p.switch, group: p.group, port: p.port };
}
