// The enumerated values of the objects the switch serves, as their MIBs number them, and
// the name <-> number mappings the switch's public API speaks in.

/** SNMPv2-TC TruthValue. */
export const TruthValue = { true: 1, false: 2 } as const;

/** POWER-ETHERNET-MIB pethPsePortDetectionStatus. */
export const PethDetectionStatus = {
  disabled: 1,
  searching: 2,
  deliveringPower: 3,
  fault: 4,
  test: 5,
  otherFault: 6,
} as const;
export type DetectionStatusName = keyof typeof PethDetectionStatus;
export type DetectionStatusValue = (typeof PethDetectionStatus)[DetectionStatusName];

export function detectionStatusName(value: DetectionStatusValue): DetectionStatusName {
  const entry = Object.entries(PethDetectionStatus).find(([, v]) => v === value);
  if (entry === undefined) throw new RangeError(`not a pethPsePortDetectionStatus: ${value}`);
  return entry[0] as DetectionStatusName;
}

/** POWER-ETHERNET-MIB pethPsePortPowerPairs. */
export const PethPowerPairs = { signal: 1, spare: 2 } as const;

/** POWER-ETHERNET-MIB pethPsePortPowerPriority. */
export const PethPowerPriority = { critical: 1, high: 2, low: 3 } as const;

/**
 * POWER-ETHERNET-MIB pethPsePortPowerClassifications: class0(1) .. class4(5), i.e. the
 * IEEE 802.3af/at class number plus one.
 */
export function powerClassificationValue(ieeeClass: number): number {
  return ieeeClass + 1;
}

/** POWER-ETHERNET-MIB pethMainPseOperStatus. */
export const PethMainPseOperStatus = { on: 1, off: 2, faulty: 3 } as const;

/** CISCO-POWER-ETHERNET-EXT-MIB cpeExtPsePortEnable (IOS `power inline auto|static|... |never`). */
export const CpeExtPsePortEnable = { auto: 1, static: 2, limit: 3, disable: 4 } as const;
export type CpeExtPsePortEnableValue = (typeof CpeExtPsePortEnable)[keyof typeof CpeExtPsePortEnable];

/** ENTITY-MIB PhysicalClass. */
export const EntPhysicalClass = { chassis: 3, port: 10 } as const;

/** IANAifType ethernetCsmacd, what every switch port reports as ifType. */
export const IF_TYPE_ETHERNET_CSMACD = 6;
