// A PSE port once resolved: the switch it is on and its POWER-ETHERNET-MIB index
// (pethPsePortGroupIndex, pethPsePortIndex), which every backend and status read uses.

export interface PsePort {
  /** The switch's name in the lab. */
  switchName: string;
  group: number;
  port: number;
  /** The interface name, when the port was named by it (for messages). */
  ifName?: string;
}

/** How errors and journal targets show a port: "1/7" or "1/10107 (Gi1/0/7)". */
export function portLabel(p: PsePort): string {
  return p.ifName === undefined ? `${p.group}/${p.port}` : `${p.group}/${p.port} (${p.ifName})`;
}
